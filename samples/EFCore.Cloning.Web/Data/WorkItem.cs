namespace EFCore.Cloning.Web.Data;

/// <summary>A task of a project (required, cascade delete: part of the aggregate).</summary>
public class WorkItem
{
    public int Id { get; set; }

    public int ProjectId { get; set; }

    public Project? Project { get; set; }

    public string Title { get; set; } = string.Empty;

    public bool Done { get; set; }

    public int Position { get; set; }

    public List<Comment> Comments { get; set; } = [];
}
