using EFCore.Cloning.Web.Tests.Infrastructure;

namespace EFCore.Cloning.Web.Tests;

/// <summary>The Duplicate buttons on the app's default database, an embedded SQLite file.</summary>
public sealed class SqliteDuplicateTests(WebAppFactory app) : DuplicateSpecification(app), IClassFixture<WebAppFactory>
{
    protected override Task RefuseAttachmentInsertsAsync()
        => Sql.ExecuteAsync("CREATE TRIGGER refuse_attachments BEFORE INSERT ON \"Attachments\" BEGIN SELECT RAISE(ABORT, 'attachments refused by a test trigger'); END;");

    protected override Task AllowAttachmentInsertsAsync() => Sql.ExecuteAsync("DROP TRIGGER refuse_attachments");
}
