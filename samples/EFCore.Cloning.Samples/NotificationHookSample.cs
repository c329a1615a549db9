using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Samples;

/// <summary>
/// docs/hooks.md: when a comment on a blog post is saved, one notification template is cloned into one notification
/// per receiver (the post's author and the commenter). And why <c>notify2 = notify</c> is not a copy.
/// </summary>
public static class NotificationHookSample
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var options = new DbContextOptionsBuilder<BlogContext>().UseSqlite(connection).Options;
        await using (var setup = new BlogContext(options))
        {
            await setup.Database.EnsureCreatedAsync();
            setup.Add(new Post { Title = "Cloning in EF", Author = "ada" });
            await setup.SaveChangesAsync();
        }

        // The trap: assignment copies a reference, so both names point at one object.
        var notify = new Notification { Receiver = "ada", Text = "New comment" };
        var notify2 = notify;
        notify2.Receiver = "bob";
        output.WriteLine($"notify2 = notify; notify2.Receiver = \"bob\"  ->  notify.Receiver is now '{notify.Receiver}' (same object)");

        await using var db = new BlogContext(options);
        var post = await db.Posts.SingleAsync();
        db.Add(new Comment { PostId = post.Id, Author = "bob", Body = "Great post" });
        await db.SaveChangesAsync();

        Table.Write(output, ["id", "receiver", "text", "audit"], (await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync())
            .Select(n => (IReadOnlyList<object?>)[n.Id, n.Receiver, n.Text, n.Audit]));
        while (BlogContext.CloneLog.TryDequeue(out var line))
        {
            output.WriteLine($"OnCloned: {line}");
        }

        // Set mode copies rows inside the database, without entities, so it cannot run hooks: it says so instead of
        // copying without them.
        try
        {
            await db.Notifications.Where(n => n.Id == 1).ExecuteCloneAsync();
        }
        catch (CloneException exception)
        {
            output.WriteLine($"set mode refuses it: {exception.Message}");
            output.WriteLine($"notifications after the refused set-mode clone: {await db.Notifications.CountAsync()}");
        }
    }

    public sealed class Post
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";

        public string Author { get; set; } = "";
    }

    public sealed class Comment
    {
        public int Id { get; set; }

        public int PostId { get; set; }

        public string Author { get; set; } = "";

        public string Body { get; set; } = "";
    }

    public sealed class Notification
    {
        public int Id { get; set; }

        public string Receiver { get; set; } = "";

        public string Text { get; set; } = "";

        public string? Audit { get; set; }
    }

    public sealed class BlogContext(DbContextOptions<BlogContext> options) : DbContext(options)
    {
        public DbSet<Post> Posts => Set<Post>();

        public DbSet<Comment> Comments => Set<Comment>();

        public DbSet<Notification> Notifications => Set<Notification>();

        /// <summary>What the after-save hook saw: it runs once the copy is committed and has its key.</summary>
        public static System.Collections.Concurrent.ConcurrentQueue<string> CloneLog { get; } = new();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            // The clone hook: every copy of a notification records where it came from before it is saved.
            modelBuilder.Entity<Notification>()
                .OnCloning((original, copy) => copy.Audit = $"cloned from #{original.Id}")
                .OnCloned((original, copy) => CloneLog.Enqueue($"#{original.Id} -> #{copy.Id} for {copy.Receiver}"));
        }

        public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
        {
            // Django's post_save signal, in EF: after a comment is saved, notify the post's author and the commenter.
            var comments = ChangeTracker.Entries<Comment>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            var saved = await base.SaveChangesAsync(cancellationToken);
            foreach (var comment in comments)
            {
                var post = await Posts.SingleAsync(p => p.Id == comment.PostId, cancellationToken);
                var template = new Notification { Receiver = post.Author, Text = $"{comment.Author} commented on '{post.Title}'" };
                Add(template);
                await base.SaveChangesAsync(cancellationToken);
                await this.CloneAndSaveAsync(template, o => o.Set(n => n.Receiver, comment.Author), cancellationToken);
            }

            return saved;
        }
    }
}
