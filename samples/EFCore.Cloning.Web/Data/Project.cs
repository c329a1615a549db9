namespace EFCore.Cloning.Web.Data;

/// <summary>The aggregate root the pages duplicate: a project with its tasks (and their comments) and attachments.</summary>
public class Project
{
    public int Id { get; set; }

    /// <summary>Unique: copies are named 'Apollo (copy)', 'Apollo (copy 2)', ...</summary>
    public string Name { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    /// <summary>True for copies made with "Duplicate as template".</summary>
    public bool IsTemplate { get; set; }

    public DateTime? PublishedAt { get; set; }

    public List<WorkItem> Tasks { get; set; } = [];

    public List<Attachment> Attachments { get; set; } = [];
}
