using Microsoft.Data.Sqlite;

namespace EFCore.Cloning.Tool.Demo;

/// <summary>
/// A realistic little SQLite database the demo makes itself: users, tags, projects with a tree of tasks, comments and
/// tag links, with cascading foreign keys like the ones EF creates.
/// </summary>
internal static class DemoDatabase
{
    public static readonly string[] Tables = ["users", "tags", "projects", "tasks", "task_tags", "comments"];

    private const string Schema = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);
        CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE projects (
            id INTEGER PRIMARY KEY,
            name VARCHAR(80) NOT NULL UNIQUE,
            owner_id INTEGER NOT NULL REFERENCES users (id),
            created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES tasks (id),
            title TEXT NOT NULL,
            position INTEGER NOT NULL);
        CREATE TABLE task_tags (
            task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
            PRIMARY KEY (task_id, tag_id));
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
            author_id INTEGER NOT NULL REFERENCES users (id),
            body TEXT NOT NULL);
        CREATE INDEX ix_tasks_project ON tasks (project_id);
        CREATE INDEX ix_tasks_parent ON tasks (parent_id);
        CREATE INDEX ix_comments_task ON comments (task_id);
        """;

    // Ten top-level tasks per project; every later task hangs under an earlier one of the same project.
    private const string Data = """
        CREATE TEMP TABLE n (value INTEGER PRIMARY KEY);
        WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < max(@tasks, 5)) INSERT INTO n SELECT value FROM s;
        INSERT INTO users (id, email) SELECT value, 'user' || value || '@example.com' FROM n WHERE value <= 5;
        INSERT INTO tags (id, name) VALUES (1, 'backend'), (2, 'frontend'), (3, 'urgent'), (4, 'design'), (5, 'research'), (6, 'bug'), (7, 'ops'), (8, 'docs');
        INSERT INTO projects (id, name, owner_id) VALUES (1, 'Apollo', 1), (2, 'Gemini', 2), (3, 'Mercury', 3);
        INSERT INTO tasks (id, project_id, parent_id, title, position)
            SELECT (p.id - 1) * @tasks + t.value, p.id,
                   CASE WHEN t.value <= 10 THEN NULL ELSE (p.id - 1) * @tasks + 1 + ((t.value * 7) % (t.value - 1)) END,
                   'Task ' || t.value, t.value
            FROM projects p, n t WHERE t.value <= @tasks;
        INSERT INTO task_tags (task_id, tag_id) SELECT id, 1 + id % 8 FROM tasks UNION SELECT id, 1 + (id * 3 + 1) % 8 FROM tasks;
        INSERT INTO comments (task_id, author_id, body) SELECT t.id, 1 + (t.id + c.value) % 5, 'Comment ' || c.value || ' on task ' || t.id
            FROM tasks t, n c WHERE c.value <= 4;
        DROP TABLE n;
        """;

    /// <summary>Creates the database file in a new temporary folder and returns its path.</summary>
    public static async Task<string> CreateAsync(int tasksPerProject, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("efclone-demo-").FullName;
        var path = Path.Combine(folder, "demo.db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var sql in new[] { Schema, Data })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("@tasks", tasksPerProject);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return path;
    }
}
