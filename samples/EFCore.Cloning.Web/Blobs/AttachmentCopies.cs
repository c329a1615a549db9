namespace EFCore.Cloning.Web.Blobs;

/// <summary>
/// The files copied for one clone: the model's async hook copies each attachment's blob through the scope open on the
/// current request (or job), and the scope removes the copies again unless <see cref="Complete"/> is called after the
/// clone committed. Hooks are part of the model, which EF builds once per context type, so they cannot hold a
/// request's services; the scope reaches them through an <see cref="AsyncLocal{T}"/> instead.
/// </summary>
public sealed class AttachmentCopies : IAsyncDisposable
{
    private static readonly AsyncLocal<AttachmentCopies?> CurrentScope = new();

    private readonly IBlobStore _store;
    private readonly List<string> _copied = [];
    private readonly AttachmentCopies? _outer;
    private bool _completed;

    private AttachmentCopies(IBlobStore store)
    {
        _store = store;
        _outer = CurrentScope.Value;
        CurrentScope.Value = this;
    }

    /// <summary>Keys of the files this scope copied so far.</summary>
    public IReadOnlyList<string> Copied => _copied;

    /// <summary>Opens a scope for one clone; dispose it after the clone, having called <see cref="Complete"/> if it committed.</summary>
    public static AttachmentCopies Begin(IBlobStore store) => new(store);

    /// <summary>Copies the blob of an attachment being cloned (called by the model's OnCloningAsync hook) and returns the copy's key.</summary>
    public static async Task<string> CopyAsync(string key, CancellationToken cancellationToken)
    {
        var scope = CurrentScope.Value ?? throw new InvalidOperationException(
            "An Attachment is being cloned outside AttachmentCopies.Begin(...): open a scope around the clone so that its files are copied and, on failure, removed.");
        var copy = await scope._store.CopyAsync(key, cancellationToken);
        scope._copied.Add(copy);
        return copy;
    }

    /// <summary>The clone committed: its files stay.</summary>
    public void Complete() => _completed = true;

    public async ValueTask DisposeAsync()
    {
        CurrentScope.Value = _outer;
        if (!_completed)
        {
            // The clone rolled back (or never saved): its rows are gone, so its files go too.
            foreach (var key in _copied)
            {
                await _store.DeleteAsync(key, CancellationToken.None);
            }
        }
    }
}
