using System.Collections.Concurrent;
using System.Threading.Channels;

namespace EFCore.Cloning.Web.Jobs;

/// <summary>The jobs by id, and the channel that hands new ones to <see cref="CloneJobRunner"/>.</summary>
public sealed class CloneJobQueue
{
    private readonly ConcurrentDictionary<Guid, CloneJob> _jobs = new();
    private readonly Channel<CloneJob> _channel = Channel.CreateUnbounded<CloneJob>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<CloneJob> Reader => _channel.Reader;

    public CloneJob Enqueue(int projectId, string projectName)
    {
        var job = new CloneJob(Guid.NewGuid(), projectId, projectName);
        _jobs[job.Id] = job;
        _channel.Writer.TryWrite(job);
        return job;
    }

    public CloneJob? Find(Guid id) => _jobs.GetValueOrDefault(id);
}
