namespace EFCore.Cloning.Benchmarks;

/// <summary>Workload 1 (planner, DESIGN.md §5): a project, its task tree, comments and tag links.</summary>
public sealed class PlannerWorkload : IWorkload
{
    public string Name => "planner";

    public string[] Cases => Benchmarks.Cases.All;

    public string[] TrackerCases => ["ef-today", "object-mode"];

    public long ExpectedRows(int size) => 1 + 13L * size;

    public async Task<IWorkloadDatabase> CreateAsync(string provider, int size, string? server)
        => new Handle(await Database.CreateAsync(provider, size, server));

    public IWorkloadDatabase Open(string provider, string connection, int size)
        => new Handle(new Database(provider, connection) { SeededTasks = size });

    private sealed class Handle(Database database) : IWorkloadDatabase
    {
        public string ConnectionString => database.ConnectionString;

        public Task ResetAsync() => database.ResetAsync();

        public async Task TouchContextAsync()
        {
            await using var context = database.CreateContext();
            _ = context.Model;
        }

        public Task<long> TotalAsync() => database.CountAsync(
            "SELECT (SELECT count(*) FROM \"Projects\") + (SELECT count(*) FROM \"Tasks\") + (SELECT count(*) FROM \"Comments\") + (SELECT count(*) FROM \"TaskTags\")");

        public Task RunAsync(string name) => Benchmarks.Cases.RunAsync(name, database);

        public async Task<string?> CheckAsync(string name)
        {
            // The floor maps no keys by design; every real copy must keep its tree inside itself.
            if (name == "floor")
            {
                return null;
            }

            var tasks = database.SeededTasks;
            const string copy = "(SELECT max(\"Id\") FROM \"Projects\")";
            var copiedTasks = await database.CountAsync($"SELECT count(*) FROM \"Tasks\" WHERE \"ProjectId\" = {copy}");
            var outside = await database.CountAsync(
                $"SELECT count(*) FROM \"Tasks\" c LEFT JOIN \"Tasks\" p ON c.\"ParentId\" = p.\"Id\" WHERE c.\"ProjectId\" = {copy} AND c.\"ParentId\" IS NOT NULL AND p.\"ProjectId\" <> {copy}");
            var comments = await database.CountAsync($"SELECT count(*) FROM \"Comments\" m JOIN \"Tasks\" t ON m.\"TaskItemId\" = t.\"Id\" WHERE t.\"ProjectId\" = {copy}");
            var links = await database.CountAsync($"SELECT count(*) FROM \"TaskTags\" l JOIN \"Tasks\" t ON l.\"TasksId\" = t.\"Id\" WHERE t.\"ProjectId\" = {copy}");
            if (copiedTasks != tasks || outside != 0 || comments != 10L * tasks || links != 2L * tasks)
            {
                throw new InvalidOperationException(
                    $"{name}'s copy is wrong: {copiedTasks} tasks, {outside} parents outside the copy, {comments} comments, {links} tag links (expected {tasks}, 0, {10 * tasks}, {2 * tasks}).");
            }

            return null;
        }
    }
}
