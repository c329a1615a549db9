using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Field;

/// <summary>Unique values across a context and across generations: pending copies, copies of copies, case rules.</summary>
public abstract class UniqueGenerationsSpecification : FieldTest
{
    protected abstract CloneEngine Engine { get; }

    private async Task<int> CloneLabelAsync(string name)
    {
        await using var db = Context();
        var label = await db.Labels.SingleAsync(l => l.Name == name);
        return Int((await Engine.CloneAsync(db, label)).Roots.Single().CopyKey);
    }

    private async Task<string> LabelAsync(int id) => (string)(await ScalarAsync($"""SELECT "Name" FROM "Labels" WHERE "Id" = {id}"""))!;

    [Fact]
    public async Task A_copy_of_a_copy_takes_the_next_number_instead_of_a_second_suffix()
    {
        await SeedLabelsAsync("Apollo");

        var first = await LabelAsync(await CloneLabelAsync("Apollo"));
        var second = await LabelAsync(await CloneLabelAsync(first));
        var third = await LabelAsync(await CloneLabelAsync(second));

        Assert.Equal(["Apollo (copy)", "Apollo (copy 2)", "Apollo (copy 3)"], [first, second, third]);

        // CloneOnly(x => new { x.Name }) in the model: the rest of a copy gets its defaults.
        Assert.Equal([5, 0, 0, 0], (await RowsAsync("""SELECT "Uses" FROM "Labels" ORDER BY "Id" """)).Select(r => Int(r[0])));
    }

    [Fact]
    public async Task A_copy_of_a_slug_copy_takes_the_next_number()
    {
        await using (var db = Context())
        {
            var survey = await db.Surveys.SingleAsync();
            await Engine.CloneAsync(db, survey);
        }

        await using (var db = Context())
        {
            var copy = await db.Surveys.SingleAsync(s => s.Slug == "feedback-copy");
            await Engine.CloneAsync(db, copy);
        }

        Assert.Equal(["feedback", "feedback-copy", "feedback-copy-2"], (await RowsAsync("""SELECT "Slug" FROM "Surveys" ORDER BY "Id" """)).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task A_case_insensitive_column_counts_other_cases_as_taken()
    {
        await SeedLabelsAsync("Apollo", "APOLLO (COPY)");

        var copy = await LabelAsync(await CloneLabelAsync("Apollo"));

        Assert.Equal("Apollo (copy 2)", copy);
    }

    [Fact]
    public async Task Several_clones_before_one_SaveChanges_get_distinct_values()
    {
        if (Engine == CloneEngine.Sets)
        {
            return;
        }

        await SeedLabelsAsync("Gemini");
        await using (var db = Context())
        {
            var label = await db.Labels.SingleAsync();
            for (var i = 0; i < 3; i++)
            {
                await db.CloneAsync(label);
            }

            var survey = await db.Surveys.SingleAsync();
            await db.CloneAsync(survey);
            await db.CloneAsync(survey);
            await db.SaveChangesAsync();
        }

        Assert.Equal(["Gemini", "Gemini (copy)", "Gemini (copy 2)", "Gemini (copy 3)"], (await RowsAsync("""SELECT "Name" FROM "Labels" ORDER BY "Id" """)).Select(r => (string)r[0]!));
        Assert.Equal(["feedback", "feedback-copy", "feedback-copy-2"], (await RowsAsync("""SELECT "Slug" FROM "Surveys" ORDER BY "Id" """)).Select(r => (string)r[0]!));
    }

    private async Task SeedLabelsAsync(params string[] names)
    {
        await using var db = Context();
        db.Labels.AddRange(names.Select(n => new Label { Name = n, Uses = 5 }));
        await db.SaveChangesAsync();
    }
}

public sealed class UniqueGenerationsObjectSqliteSpecification : UniqueGenerationsSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class UniqueGenerationsSetSqliteSpecification : UniqueGenerationsSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Sets;
}

public sealed class UniqueGenerationsObjectPostgresSpecification : UniqueGenerationsSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class UniqueGenerationsSetPostgresSpecification : UniqueGenerationsSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Sets;
}
