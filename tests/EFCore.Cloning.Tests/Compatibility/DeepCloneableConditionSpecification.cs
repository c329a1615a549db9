using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Compatibility;

// deep_cloneable's if:/unless: conditions on includes, as filtered includes (EF's own syntax) in both engines.
public abstract partial class DeepCloneableSpecification
{
    // test_should_reject_copies_if_conditionals_are_passed (its subjects, through a join entity)
    [Fact]
    public async Task A_condition_on_a_many_to_many_links_the_targets_that_pass()
    {
        var copy = CopyId(await CloneAsync(db => db.Students.SingleAsync(), o => o.Link(s => s.Subjects.Where(x => x.Name == "subject 2"))));

        Assert.Equal(["subject 2"], await ColumnAsync($"""SELECT s."Name" FROM "StudentAssignment" a JOIN "Subjects" s ON s."Id" = a."SubjectId" WHERE a."StudentId" = {copy}"""));
        Assert.Equal(2, await CountAsync("Subjects"));
    }

    // test_should_reject_copies_if_conditionals_are_passed (treasures with their gold pieces unless a parrot, mateys if a gold piece)
    [Fact]
    public async Task Conditions_at_two_levels_choose_the_rows_of_each()
    {
        var copy = CopyId(await CloneJackAsync(o => o
            .Include(p => p.Treasures).ThenInclude(t => t.GoldPieces.Where(g => g.TreasureId != null))
            .Include(p => p.Mateys.Where(m => m.Name == null))));

        Assert.Equal(1, await CountAsync("Treasures", $"\"Owner\" = {copy}"));
        Assert.Equal(1, await CountAsync("GoldPieces", $"\"TreasureId\" IN (SELECT \"Id\" FROM \"Treasures\" WHERE \"Owner\" = {copy})"));
        Assert.Equal(0, await CountAsync("Mateys", $"\"PirateId\" = {copy}"));
        Assert.Equal(1, await CountAsync("Mateys"));
    }

    // test_should_properly_read_conditions_in_arrays
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 2)]
    public async Task An_always_false_or_always_true_condition_links_none_or_all(bool condition, int linked)
    {
        var copy = CopyId(await CloneAsync(db => db.Students.SingleAsync(), o => o.Link(s => s.Subjects.Where(x => condition))));

        Assert.Equal(linked, await CountAsync("StudentAssignment", $"\"StudentId\" = {copy}"));
    }

    // test_should_reject_copies_if_conditionals_are_passed_with_associations
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public async Task A_condition_on_the_pirates_of_a_ship_with_their_treasures_and_mateys(bool jack, int pirates)
    {
        var copy = CopyId(await CloneAsync(
            db => db.BattleShips.SingleAsync(),
            o => o.Include(s => s.Pirates.Where(p => (p.Name == "Jack Sparrow") == jack)).ThenInclude(p => p.Treasures)
                .Entity<Pirate>(p => p.Include(x => x.Mateys))));

        Assert.Equal(pirates, await CountAsync("Pirates", $"\"ShipId\" = {copy}"));
        Assert.Equal(pirates, await CountAsync("Treasures", $"\"Owner\" IN (SELECT \"Id\" FROM \"Pirates\" WHERE \"ShipId\" = {copy})"));
        Assert.Equal(pirates, await CountAsync("Mateys", $"\"PirateId\" IN (SELECT \"Id\" FROM \"Pirates\" WHERE \"ShipId\" = {copy})"));
    }

    // test_should_reject_copies_if_conditionals_are_passed_with_nested_many_to_many_associations
    [Theory]
    [InlineData("unless")]
    [InlineData("if")]
    public async Task A_condition_on_the_products_of_each_order_of_a_user(string kind)
    {
        await using (var db = Context())
        {
            db.Add(new ShopUser { Name = "Jack", Orders = [new ShopOrder(), new ShopOrder { Products = [new OrderProduct { Name = "Paper" }, new OrderProduct { Name = "Ink" }] }] });
            await db.SaveChangesAsync();
        }

        var copy = CopyId(await CloneAsync(
            db => db.ShopUsers.SingleAsync(),
            o => o.Include(u => u.Orders).ThenInclude(x => x.Products.Where(p => kind == "unless" ? p.Name != "Ink" : p.Name == "Ink"))));

        var perOrder = await ColumnAsync($"""SELECT count(p."Id") FROM "ShopOrder" o LEFT JOIN "OrderProduct" p ON p."ShopOrderId" = o."Id" WHERE o."ShopUserId" = {copy} GROUP BY o."Id" ORDER BY o."Id" """);
        Assert.Equal(["0", "1"], perOrder);
        Assert.Equal(kind == "unless" ? "Paper" : "Ink", await ValueAsync($"""SELECT p."Name" FROM "OrderProduct" p JOIN "ShopOrder" o ON o."Id" = p."ShopOrderId" WHERE o."ShopUserId" = {copy}"""));
    }
}
