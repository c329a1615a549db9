using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Compatibility;

/// <summary>
/// deep_cloneable's test/test_deep_cloneable.rb, ported: each test names the peer tests it stands for (docs/compatibility.md
/// maps all of them). Runs on SQLite and PostgreSQL through both engines.
/// </summary>
public abstract partial class DeepCloneableSpecification : CompatibilityTest<PirateContext>
{
    protected override PirateContext Context() => new(Database.Options<PirateContext>());

    protected override Task SeedAsync(PirateContext db) => PirateContext.SeedAsync(db);

    private Task<CloneResult> CloneJackAsync(Action<CloneOptionsBuilder<Pirate>>? configure = null)
        => CloneAsync(db => db.Pirates.SingleAsync(p => p.Name == "Jack Sparrow"), configure);

    private Task<string?> PirateAsync(string column, int id) => ValueAsync($"""SELECT "{column}" FROM "Pirates" WHERE "Id" = {id}""");

    // test_single_deep_clone_exception
    [Fact]
    public async Task Except_one_attribute_gives_the_copy_its_default()
    {
        var copy = CopyId(await CloneJackAsync(o => o.Reset(p => p.Name)));

        Assert.Null(await PirateAsync("Name", copy));
        Assert.Equal("Captain Jack", await PirateAsync("NickName", copy));
        Assert.Equal(1, await CountAsync("Pirates", "\"Name\" = 'Jack Sparrow'"));
    }

    // test_multiple_deep_clone_exception
    [Fact]
    public async Task Except_several_attributes_gives_each_its_default_the_column_default_where_there_is_one()
    {
        var copy = CopyId(await CloneJackAsync(o => o.Reset(p => p.Name).Reset(p => p.NickName)));

        Assert.Null(await PirateAsync("Name", copy));
        Assert.Equal("no nickname", await PirateAsync("NickName", copy));
        Assert.Equal("30", await PirateAsync("Age", copy));
    }

    // test_single_include_association
    [Fact]
    public async Task Include_clones_the_rows_of_a_collection()
    {
        var copy = CopyId(await CloneJackAsync(o => o.Include(p => p.Mateys)));

        Assert.Equal(1, await CountAsync("Mateys", $"\"PirateId\" = {copy}"));
        Assert.Equal(2, await CountAsync("Mateys"));
    }

    // test_single_include_belongs_to_polymorphic_association
    [Fact]
    public async Task Include_of_a_principal_reference_gives_the_copy_a_copy_of_it()
    {
        var copy = CopyId(await CloneJackAsync(o => o.Include(p => p.Ship)));

        var ships = await ColumnAsync("""SELECT "ShipId" FROM "Pirates" ORDER BY "Id" """);
        Assert.Equal(2, ships.Distinct().Count());
        Assert.Equal("Black Pearl", await ValueAsync($"""SELECT s."Name" FROM "BattleShips" s JOIN "Pirates" p ON p."ShipId" = s."Id" WHERE p."Id" = {copy}"""));
        Assert.Equal(2, await CountAsync("BattleShips"));
    }

    // test_single_include_has_many_polymorphic_association
    [Fact]
    public async Task Include_of_the_dependents_of_a_principal_clones_them_under_the_copy()
    {
        var copy = CopyId(await CloneAsync(db => db.BattleShips.SingleAsync(), o => o.Include(s => s.Pirates)));

        Assert.Equal(["Jack Sparrow"], await ColumnAsync($"""SELECT "Name" FROM "Pirates" WHERE "ShipId" = {copy}"""));
        Assert.Equal(2, await CountAsync("Pirates"));
    }

    // test_multiple_include_association, test_include_association_assignments, test_include_association_assignments_with_inverse_of
    [Fact]
    public async Task Several_includes_clone_each_collection_pointing_at_the_copy()
    {
        var copy = CopyId(await CloneJackAsync(o => o.Include(p => p.Mateys).Include(p => p.Treasures).Include(p => p.Cages)));

        Assert.Equal(1, await CountAsync("Mateys", $"\"PirateId\" = {copy}"));
        Assert.Equal(1, await CountAsync("Treasures", $"\"Owner\" = {copy}"));
        Assert.Equal(1, await CountAsync("Cages", $"\"OwnerId\" = {copy}"));
        Assert.Equal(2, await CountAsync("Treasures"));
        Assert.Equal(1, await CountAsync("Treasures", $"\"Owner\" <> {copy}"));
    }

    // test_deep_include_association, test_multiple_and_deep_include_association(_with_array(_and_multikey_hash))
    [Fact]
    public async Task ThenInclude_clones_the_next_level()
    {
        var copy = CopyId(await CloneJackAsync(o => o
            .Include(p => p.Treasures).ThenInclude(t => t.GoldPieces)
            .Include(p => p.Mateys)
            .Include(p => p.Parrot)));

        Assert.Equal(1, await CountAsync("Treasures", $"\"Owner\" = {copy}"));
        Assert.Equal("1", await ValueAsync($"""SELECT count(*) FROM "GoldPieces" g JOIN "Treasures" t ON t."Id" = g."TreasureId" WHERE t."Owner" = {copy}"""));
        Assert.Equal(2, await CountAsync("GoldPieces"));
        Assert.Equal(1, await CountAsync("Mateys", $"\"PirateId\" = {copy}"));
        Assert.Equal(1, await CountAsync("Parrots", $"\"PirateId\" = {copy}"));
    }

    // test_with_belongs_to_relation
    [Fact]
    public async Task Include_of_a_one_to_one_dependent_gives_the_copy_its_own()
    {
        var copy = CopyId(await CloneJackAsync(o => o.Include(p => p.Parrot)));

        var parrots = await ColumnAsync("""SELECT "PirateId" FROM "Parrots" ORDER BY "Id" """);
        Assert.Equal(2, parrots.Count);
        Assert.Equal(copy.ToString(System.Globalization.CultureInfo.InvariantCulture), parrots[1]);
    }

    // test_should_pass_nested_exceptions (true), test_should_pass_nested_exception_with_hash_value (false)
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Exceptions_for_an_included_type_apply_to_its_copies(bool alsoThePirate)
    {
        var copy = CopyId(await CloneJackAsync(o =>
        {
            o.Include(p => p.Parrot).Entity<Parrot>(e => e.Reset(x => x.Name));
            if (alsoThePirate)
            {
                o.Reset(p => p.Name);
            }
        }));

        Assert.Equal([null], await ColumnAsync($"""SELECT "Name" FROM "Parrots" WHERE "PirateId" = {copy}"""));
        Assert.Equal(["2"], await ColumnAsync($"""SELECT "Age" FROM "Parrots" WHERE "PirateId" = {copy}"""));
        Assert.Equal("Polly", await ValueAsync("""SELECT "Name" FROM "Parrots" WHERE "PirateId" = (SELECT min("Id") FROM "Pirates")"""));
        Assert.Equal(alsoThePirate ? null : "Jack Sparrow", await PirateAsync("Name", copy));
    }

    // test_should_not_double_deep_clone_when_using_dictionary
    [Fact]
    public async Task A_row_reached_by_two_paths_is_copied_once()
    {
        var copy = CopyId(await CloneJackAsync(o => o.Include(p => p.Mateys).Include(p => p.Treasures).ThenInclude(t => t.Matey)));

        Assert.Equal(2, await CountAsync("Mateys"));
        var matey = await ValueAsync($"""SELECT "Id" FROM "Mateys" WHERE "PirateId" = {copy}""");
        Assert.Equal(matey, await ValueAsync($"""SELECT "MateyId" FROM "Treasures" WHERE "Owner" = {copy}"""));
    }

    // test_should_support_ar_class_under_module
    [Fact]
    public async Task Entity_types_nested_in_a_class_clone_like_any_other()
    {
        var first = CopyId(await CloneAsync(db => db.Humans.OrderBy(h => h.Id).FirstAsync(h => h.Name == "Michael"), o => o.Include(h => h.Pigs)));
        var second = CopyId(await CloneAsync(db => db.Humans.OrderBy(h => h.Id).FirstAsync(h => h.Name == "Michael"), o => o.Include(h => h.Pigs)));

        Assert.Equal(["big pig"], await ColumnAsync($"""SELECT "Name" FROM "Pigs" WHERE "HumanId" = {first}"""));
        Assert.Equal(["big pig"], await ColumnAsync($"""SELECT "Name" FROM "Pigs" WHERE "HumanId" = {second}"""));
        Assert.Equal(4, await CountAsync("Pigs"));
    }

    // test_should_deep_clone_many_to_many_associations
    [Fact]
    public async Task Include_of_explicit_join_rows_links_the_copy_to_the_same_targets()
    {
        var copy = CopyId(await CloneAsync(db => db.Humans.SingleAsync(h => h.Name == "Michael"), o => o.Include(h => h.Ownerships)));

        Assert.Equal(2, await CountAsync("Ownerships", $"\"HumanId\" = {copy}"));
        Assert.Equal(6, await CountAsync("Ownerships"));
        Assert.Equal(3, await CountAsync("Birds"));
    }

    // test_should_skip_missing_associations
    [Fact]
    public async Task A_rule_for_a_derived_type_applies_to_its_rows_only()
    {
        var copy = CopyId(await CloneAsync(db => db.Planets.SingleAsync(), o => o
            .Include(p => p.Birds)
            .Entity<Animal.Chicken>(c => c.Include(x => x.Ownerships))));

        Assert.Equal(["Chicken:Chick1", "Dove:Dovey"], await ColumnAsync($"""SELECT "Type" || ':' || "Name" FROM "Birds" WHERE "PlanetId" = {copy} ORDER BY 1"""));
        Assert.Equal("2", await ValueAsync($"""SELECT count(*) FROM "Ownerships" o JOIN "Birds" b ON b."Id" = o."ChickenId" WHERE b."PlanetId" = {copy}"""));
        Assert.Equal(6, await CountAsync("Ownerships"));
    }

    // test_should_deep_clone_habtm_associations_with_missing_reverse_association
    [Fact]
    public async Task Link_of_a_many_to_many_without_an_inverse_navigation()
    {
        var copy = CopyId(await CloneAsync(db => db.Coins.SingleAsync(), o => o.Link(c => c.People)));

        Assert.Equal(1, await CountAsync("CoinPerson", $"\"CoinId\" = {copy}"));
        Assert.Equal(2, await CountAsync("People"));
    }

    // test_should_deep_clone_joined_association
    [Fact]
    public async Task Include_through_a_join_entity_to_its_principal_clones_the_targets()
    {
        var copy = CopyId(await CloneAsync(db => db.Students.SingleAsync(), o => o.Include(s => s.StudentAssignments).ThenInclude(a => a.Subject)));

        Assert.Equal(4, await CountAsync("Subjects"));
        var subjects = await ColumnAsync($"""SELECT "SubjectId" FROM "StudentAssignment" WHERE "StudentId" = {copy}""");
        Assert.Equal(2, subjects.Count);
        Assert.Empty(subjects.Intersect(await ColumnAsync("""SELECT "SubjectId" FROM "StudentAssignment" WHERE "StudentId" <> (SELECT max("Id") FROM "Students")""")));
    }

    // test_self_join_has_many
    [Fact]
    public async Task Include_of_a_self_referencing_collection()
    {
        var result = await CloneAsync(db => db.Parts.SingleAsync(p => p.Name == "Parent"), o => o.Include(p => p.ChildParts));

        // Roots are the roots the call selected, in both engines: the copied children are not among them.
        var copy = CopyId(result);

        Assert.Equal(["Child 1", "Child 2"], await ColumnAsync($"""SELECT "Name" FROM "Parts" WHERE "ParentPartId" = {copy} ORDER BY 1"""));
        Assert.Equal(6, await CountAsync("Parts"));
    }

    // test_should_include_has_many_through_associations
    [Fact]
    public async Task Link_of_a_many_to_many_with_a_join_entity()
    {
        var copy = CopyId(await CloneAsync(db => db.Students.SingleAsync(), o => o.Link(s => s.Subjects)));

        Assert.Equal(2, await CountAsync("StudentAssignment", $"\"StudentId\" = {copy}"));
        Assert.Equal(2, await CountAsync("Subjects"));
        Assert.Equal(["2", "2"], await ColumnAsync("""SELECT count(*) FROM "StudentAssignment" GROUP BY "SubjectId" """));
    }

    // test_should_include_has_one_through_associations
    [Fact]
    public async Task Include_of_the_through_row_keeps_the_same_far_end()
    {
        var copy = CopyId(await CloneAsync(db => db.Organizations.SingleAsync(), o => o.Include(x => x.Contract)));

        Assert.Equal(
            await ValueAsync("""SELECT "ContractorId" FROM "Contracts" WHERE "OrganizationId" = (SELECT min("Id") FROM "Organizations")"""),
            await ValueAsync($"""SELECT "ContractorId" FROM "Contracts" WHERE "OrganizationId" = {copy}"""));
        Assert.Equal(1, await CountAsync("Contractors"));
    }

    // test_should_deep_clone_habtm_associations
    [Fact]
    public async Task Link_of_a_many_to_many_gives_the_copy_join_rows_to_the_same_targets()
    {
        var copy = CopyId(await CloneAsync(db => db.People.SingleAsync(p => p.Name == "Bill"), o => o.Link(p => p.Cars)));

        Assert.Equal(2, await CountAsync("CarPerson", $"\"PeopleId\" = {copy}"));
        Assert.Equal(2, await CountAsync("Cars"));
        Assert.Equal(6, await CountAsync("CarPerson"));
    }

    // test_should_not_modify_the_initial_options_hash
    [Fact]
    public async Task One_options_delegate_configures_every_call_alike()
    {
        Action<CloneOptionsBuilder<BattleShip>> options = o => o.Include(s => s.Pirates).ThenInclude(p => p.Mateys);

        var first = CopyId(await CloneAsync(db => db.BattleShips.SingleAsync(s => s.Id == 1), options));
        var second = CopyId(await CloneAsync(db => db.BattleShips.SingleAsync(s => s.Id == 1), options));

        Assert.Equal(1, await CountAsync("Pirates", $"\"ShipId\" = {first}"));
        Assert.Equal(1, await CountAsync("Pirates", $"\"ShipId\" = {second}"));
        Assert.Equal(3, await CountAsync("Mateys"));
    }
}
