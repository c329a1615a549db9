using System.Diagnostics;

namespace EFCore.Cloning.Web.Tests.Library;

/// <summary>
/// Listens to the library's activity source and keeps the activities of the running test only: those under the
/// test's own root activity (other tests clone in parallel).
/// </summary>
public sealed class ActivityRecorder : IDisposable
{
    private readonly Activity _test = new Activity("test").Start();
    private readonly ActivityListener _listener;
    private readonly List<Activity> _stopped = [];

    public ActivityRecorder()
    {
        var trace = _test.TraceId;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CloneDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == trace)
                {
                    lock (_stopped)
                    {
                        _stopped.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Stopped
    {
        get
        {
            lock (_stopped)
            {
                return [.. _stopped];
            }
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _test.Stop();
    }
}
