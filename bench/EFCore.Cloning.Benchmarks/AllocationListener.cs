using System.Diagnostics.Tracing;

namespace EFCore.Cloning.Benchmarks;

/// <summary>
/// The runtime's allocation samples (one per ~100 KB allocated) summed by type, for a case run with
/// <c>EFCLONE_ALLOCATIONS=1</c>: where object mode's garbage comes from, without a profiler on the machine.
/// </summary>
internal sealed class AllocationListener : EventListener
{
    private readonly Dictionary<string, (long Bytes, int Samples)> _byType = [];
    private readonly object _gate = new();

    public bool Recording { get; set; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            // The GC keyword at verbose level carries GCAllocationTick.
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Recording || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null)
        {
            return;
        }

        var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amountIndex = e.PayloadNames.IndexOf("AllocationAmount64");
        var amount = Convert.ToInt64(e.Payload[amountIndex >= 0 ? amountIndex : e.PayloadNames.IndexOf("AllocationAmount")], System.Globalization.CultureInfo.InvariantCulture);
        lock (_gate)
        {
            var (bytes, samples) = _byType.GetValueOrDefault(type);
            _byType[type] = (bytes + amount, samples + 1);
        }
    }

    public IEnumerable<string> Report(int top)
    {
        lock (_gate)
        {
            var total = _byType.Values.Sum(v => v.Bytes);
            return _byType.OrderByDescending(p => p.Value.Bytes).Take(top)
                .Select(p => $"{p.Value.Bytes / 1048576.0,9:F1} MB {100.0 * p.Value.Bytes / total,5:F1}%  {p.Key}")
                .Prepend($"{total / 1048576.0,9:F1} MB sampled in all").ToList();
        }
    }
}
