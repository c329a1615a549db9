namespace EFCore.Cloning.Tests.Into;

public sealed class IntoObjectSqliteToSqliteSpecification : IntoSpecification
{
    protected override string SourceProvider => "sqlite";

    protected override string TargetProvider => "sqlite";

    protected override bool ObjectMode => true;
}

public sealed class IntoObjectSqliteToPostgresSpecification : IntoSpecification
{
    protected override string SourceProvider => "sqlite";

    protected override string TargetProvider => "postgres";

    protected override bool ObjectMode => true;
}

public sealed class IntoObjectPostgresToPostgresSpecification : IntoSpecification
{
    protected override string SourceProvider => "postgres";

    protected override string TargetProvider => "postgres";

    protected override bool ObjectMode => true;
}

public sealed class IntoObjectPostgresToSqliteSpecification : IntoSpecification
{
    protected override string SourceProvider => "postgres";

    protected override string TargetProvider => "sqlite";

    protected override bool ObjectMode => true;
}

public sealed class IntoSetSqliteToSqliteSpecification : IntoSpecification
{
    protected override string SourceProvider => "sqlite";

    protected override string TargetProvider => "sqlite";

    protected override bool ObjectMode => false;
}

public sealed class IntoSetSqliteToPostgresSpecification : IntoSpecification
{
    protected override string SourceProvider => "sqlite";

    protected override string TargetProvider => "postgres";

    protected override bool ObjectMode => false;
}

public sealed class IntoSetPostgresToPostgresSpecification : IntoSpecification
{
    protected override string SourceProvider => "postgres";

    protected override string TargetProvider => "postgres";

    protected override bool ObjectMode => false;
}

public sealed class IntoSetPostgresToSqliteSpecification : IntoSpecification
{
    protected override string SourceProvider => "postgres";

    protected override string TargetProvider => "sqlite";

    protected override bool ObjectMode => false;
}
