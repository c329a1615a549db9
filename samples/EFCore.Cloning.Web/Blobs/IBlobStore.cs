namespace EFCore.Cloning.Web.Blobs;

/// <summary>Where attachment bytes live, by key: a folder on disk here, a cloud container elsewhere.</summary>
public interface IBlobStore
{
    /// <summary>Stores <paramref name="content"/> under a new key and returns it.</summary>
    Task<string> SaveAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>Copies the blob under <paramref name="key"/> to a new key and returns it.</summary>
    Task<string> CopyAsync(string key, CancellationToken cancellationToken);

    /// <summary>Opens the blob for reading, or returns null when there is none under <paramref name="key"/>.</summary>
    Stream? OpenRead(string key);

    /// <summary>Removes the blob; nothing happens when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
