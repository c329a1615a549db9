namespace EFCore.Cloning.Web.Data;

/// <summary>A comment on a task.</summary>
public class Comment
{
    public int Id { get; set; }

    public int WorkItemId { get; set; }

    public WorkItem? WorkItem { get; set; }

    public string Body { get; set; } = string.Empty;
}
