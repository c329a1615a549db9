using Spectre.Console;

namespace EFCore.Cloning.Tool.Rendering;

/// <summary>Progress of a clone: one bar per table on a terminal, one plain line per table otherwise.</summary>
internal sealed class ProgressReporter(ToolConsole console) : IProgress<CloneProgress>
{
    private readonly Dictionary<string, ProgressTask> _tasks = [];
    private ProgressContext? _context;
    private ProgressTask? _overall;

    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        if (!console.Interactive)
        {
            return await work().ConfigureAwait(false);
        }

        return await console.Ansi.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                _context = context;
                _overall = context.AddTask("all rows");
                return await work().ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    public void Report(CloneProgress value)
    {
        if (_context is null || _overall is null)
        {
            console.Ansi.WriteLine($"copied {value.TableRows:N0} rows into {value.Table} ({value.RowsDone:N0}/{value.RowsTotal:N0})");
            return;
        }

        if (!_tasks.TryGetValue(value.Table, out var task))
        {
            task = _context.AddTask(Markup.Escape(value.Table), maxValue: Math.Max(1, value.TableRows));
            _tasks[value.Table] = task;
        }

        task.Increment(value.TableRows);
        _overall.MaxValue = Math.Max(1, value.RowsTotal);
        _overall.Value = value.RowsDone;
    }
}
