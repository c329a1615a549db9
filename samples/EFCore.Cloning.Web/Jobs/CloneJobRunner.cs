using EFCore.Cloning.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Web.Jobs;

/// <summary>
/// Runs the queued duplicates one at a time, in set mode: the rows are copied inside the database in one transaction,
/// reporting progress per table; a cancel rolls the transaction back, so nothing of the copy is left.
/// </summary>
public sealed class CloneJobRunner(CloneJobQueue queue, IServiceScopeFactory scopes, IConfiguration configuration, ILogger<CloneJobRunner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
        {
            await RunAsync(job, stoppingToken);
        }
    }

    private async Task RunAsync(CloneJob job, CancellationToken stoppingToken)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(job.CancellationToken, stoppingToken);
        var token = cancellation.Token;

        // The demo pauses after each table so that a person can watch the bar and press Cancel; 0 turns it off.
        var pause = TimeSpan.FromMilliseconds(configuration.GetValue("Demo:StepDelayMilliseconds", 0));
        var progress = new JobProgress(job, pause, token);
        try
        {
            job.Status = CloneJobStatus.Running;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ProjectsContext>();
            var result = await db.Projects
                .Where(p => p.Id == job.ProjectId)
                .ExecuteCloneAsync(
                    o => o.Aggregate()
                        .Skip(p => p.Attachments) // set mode copies rows, not files: attachments are duplicated by object mode only
                        .ReportProgress(progress),
                    token);

            job.CopyId = Convert.ToInt32(result.Roots[0].CopyKey, System.Globalization.CultureInfo.InvariantCulture);
            job.CopyName = await db.Projects.Where(p => p.Id == job.CopyId).Select(p => p.Name).SingleAsync(CancellationToken.None);
            job.RowsDone = job.RowsTotal = result.TotalRows;
            job.Status = CloneJobStatus.Completed;
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            job.Status = CloneJobStatus.Cancelled;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "The background duplicate of project {ProjectId} failed", job.ProjectId);
            job.Error = exception.Message;
            job.Status = CloneJobStatus.Failed;
        }
    }

    /// <summary>Reports on the clone's own thread, so the job's figures are current when the poll reads them.</summary>
    private sealed class JobProgress(CloneJob job, TimeSpan pause, CancellationToken token) : IProgress<CloneProgress>
    {
        public void Report(CloneProgress value)
        {
            job.Table = value.Table;
            job.RowsDone = value.RowsDone;
            job.RowsTotal = value.RowsTotal;
            if (pause > TimeSpan.Zero)
            {
                // Returns at once when the job is cancelled; the clone's next statement then throws and rolls back.
                token.WaitHandle.WaitOne(pause);
            }
        }
    }
}
