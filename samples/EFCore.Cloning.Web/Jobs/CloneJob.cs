namespace EFCore.Cloning.Web.Jobs;

/// <summary>The states a background duplicate goes through.</summary>
public enum CloneJobStatus
{
    Queued,
    Running,
    Completed,
    Cancelled,
    Failed,
}

/// <summary>One background duplicate of a large project, as the progress endpoint reports it.</summary>
public sealed class CloneJob(Guid id, int projectId, string projectName)
{
    private readonly CancellationTokenSource _cancellation = new();

    public Guid Id { get; } = id;

    public int ProjectId { get; } = projectId;

    public string ProjectName { get; } = projectName;

    public CloneJobStatus Status { get; set; } = CloneJobStatus.Queued;

    public long RowsDone { get; set; }

    public long RowsTotal { get; set; }

    /// <summary>The table copied last.</summary>
    public string? Table { get; set; }

    public int? CopyId { get; set; }

    public string? CopyName { get; set; }

    public string? Error { get; set; }

    public CancellationToken CancellationToken => _cancellation.Token;

    public bool IsFinished => Status is CloneJobStatus.Completed or CloneJobStatus.Cancelled or CloneJobStatus.Failed;

    /// <summary>Asks the running clone to stop; it rolls back and the job ends as <see cref="CloneJobStatus.Cancelled"/>.</summary>
    public void Cancel() => _cancellation.Cancel();

    /// <summary>What the progress bar polls.</summary>
    public object ToJson() => new
    {
        id = Id,
        status = Status.ToString(),
        rowsDone = RowsDone,
        rowsTotal = RowsTotal,
        percent = RowsTotal == 0 ? 0 : (int)(100 * RowsDone / RowsTotal),
        table = Table,
        copyId = CopyId,
        copyName = CopyName,
        error = Error,
    };
}
