using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Sql;

/// <summary>Picks the dialect for an EF provider.</summary>
internal static class SqlDialects
{
    public const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";
    public const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public static ISqlDialect For(string providerName, ISqlGenerationHelper helper) => providerName switch
    {
        Sqlite => new SqliteDialect(helper),
        Npgsql => new PostgresDialect(helper),
        _ => throw new CloneException(
            $"Set mode has no SQL dialect for the provider '{providerName}' (it supports SQLite and PostgreSQL). Object mode (CloneAsync / CloneAndSaveAsync) works with any EF provider."),
    };
}
