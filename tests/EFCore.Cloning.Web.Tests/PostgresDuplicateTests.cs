using EFCore.Cloning.Web.Tests.Infrastructure;

namespace EFCore.Cloning.Web.Tests;

/// <summary>The Duplicate buttons with the app on PostgreSQL (ConnectionStrings:Postgres).</summary>
public sealed class PostgresDuplicateTests(PostgresWebAppFactory app) : DuplicateSpecification(app), IClassFixture<PostgresWebAppFactory>
{
    protected override Task RefuseAttachmentInsertsAsync()
        => Sql.ExecuteAsync(
            """
            CREATE FUNCTION refuse_attachments() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'attachments refused by a test trigger'; END $$;
            CREATE TRIGGER refuse_attachments BEFORE INSERT ON "Attachments" FOR EACH ROW EXECUTE FUNCTION refuse_attachments();
            """);

    protected override Task AllowAttachmentInsertsAsync()
        => Sql.ExecuteAsync("DROP TRIGGER refuse_attachments ON \"Attachments\"; DROP FUNCTION refuse_attachments();");
}
