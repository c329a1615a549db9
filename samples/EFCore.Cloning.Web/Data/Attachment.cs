namespace EFCore.Cloning.Web.Data;

/// <summary>A file attached to a project: the row holds the name, the blob store holds the bytes under <see cref="BlobKey"/>.</summary>
public class Attachment
{
    public int Id { get; set; }

    public int ProjectId { get; set; }

    public Project? Project { get; set; }

    public string FileName { get; set; } = string.Empty;

    /// <summary>Where the bytes are in the <see cref="Blobs.IBlobStore"/>; a copy gets its own file.</summary>
    public string BlobKey { get; set; } = string.Empty;

    public long Length { get; set; }
}
