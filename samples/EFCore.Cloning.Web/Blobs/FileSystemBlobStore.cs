namespace EFCore.Cloning.Web.Blobs;

/// <summary>Blobs as files in one folder, named by random keys (never by user input, so no path can escape it).</summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private readonly string _root;

    public FileSystemBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public async Task<string> SaveAsync(Stream content, CancellationToken cancellationToken)
    {
        var key = NewKey();
        await using var file = File.Create(PathOf(key));
        await content.CopyToAsync(file, cancellationToken);
        return key;
    }

    public async Task<string> CopyAsync(string key, CancellationToken cancellationToken)
    {
        var copy = NewKey();
        await using var source = File.OpenRead(PathOf(key));
        await using var target = File.Create(PathOf(copy));
        await source.CopyToAsync(target, cancellationToken);
        return copy;
    }

    public Stream? OpenRead(string key) => File.Exists(PathOf(key)) ? File.OpenRead(PathOf(key)) : null;

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private string PathOf(string key)
    {
        if (key.Length != 32 || !key.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{key}' is not a blob key of this store.", nameof(key));
        }

        return Path.Combine(_root, key);
    }
}
