using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Compatibility;

// amoeba's override, nullify, set/prepend, propagate and inheritance examples, and one subclass per database and engine.
public abstract partial class AmoebaSpecification
{
    private async Task<int> AddImageAsync(string filename)
    {
        await using var db = Context();
        var image = new Image { Filename = filename, ProductId = 1 };
        db.Add(image);
        await db.SaveChangesAsync();
        return image.Id;
    }

    // override / overrides fields ("test.jpg"), does not override fields ("test2.jpg")
    [Theory]
    [InlineData("test.jpg", "3")]
    [InlineData("test2.jpg", "1")]
    public async Task Override_is_a_value_computed_from_the_original(string filename, string product)
    {
        var id = await AddImageAsync(filename);
        // An expression: object mode runs it in .NET, set mode has EF translate it (a CASE) and computes it in the database.
        Action<CloneOptionsBuilder<Image>> configure = o => o.Set(i => i.ProductId, original => original.Filename == "test.jpg" ? 3 : original.ProductId);

        var copy = CopyId(await CloneAsync(db => db.Images.SingleAsync(i => i.Id == id), configure));

        Assert.Equal(product, await ValueAsync($"""SELECT "ProductId" FROM "Images" WHERE "Id" = {copy}"""));
    }

    // nullify / nullifies fields
    [Fact]
    public async Task Nullify_is_Reset()
    {
        var id = await AddImageAsync("test.jpg");

        var copy = CopyId(await CloneAsync(db => db.Images.SingleAsync(i => i.Id == id), o => o.Reset(i => i.ProductId)));

        Assert.Null(await ValueAsync($"""SELECT "ProductId" FROM "Images" WHERE "Id" = {copy}"""));
        Assert.Equal("1", await ValueAsync($"""SELECT "ProductId" FROM "Images" WHERE "Id" = {id}"""));
    }

    // strict propagate / calls #reset_amoeba (the behaviour: a type two levels below the configured one clones)
    [Fact]
    public async Task A_type_two_levels_below_the_configured_one_clones()
    {
        var copy = CopyId(await CloneAsync(db => db.Products.SingleAsync(p => p.Title == "Super Black Box")));

        Assert.Equal("SuperBlackBox", await ValueAsync($"""SELECT "Discriminator" FROM "Products" WHERE "Id" = {copy}"""));
        Assert.Equal(2, await CountAsync("Products", "\"Title\" = 'Super Black Box'"));
    }

    // preprocessing fields / accepts "set" to set false to attribute, skips "prepend" if it equal to false
    [Fact]
    public async Task Set_false_on_a_bool_and_other_values_copied()
    {
        var copy = CopyId(await CloneAsync(db => db.SuperAdmins.SingleAsync(), o => o.Set(a => a.Active, false)));

        Assert.Contains(await ValueAsync($"""SELECT "Active" FROM "SuperAdmins" WHERE "Id" = {copy}"""), new[] { "0", "False" });
        Assert.Equal("password", await ValueAsync($"""SELECT "Password" FROM "SuperAdmins" WHERE "Id" = {copy}"""));
    }

    // inheritance extended / contains parent association and own associations
    [Fact]
    public async Task A_derived_type_gets_its_base_type_s_configuration_and_its_own()
    {
        var copy = CopyId(await CloneAsync(db => db.Stages.SingleAsync()));

        Assert.Equal(["Listener:Helen", "Listener:John", "Specialist:Jack"], await ColumnAsync($"""SELECT "Discriminator" || ':' || "Name" FROM "Participants" WHERE "StageId" = {copy} ORDER BY 1"""));
        Assert.Equal(["Kill all humans"], await ColumnAsync($"""SELECT "Description" FROM "CustomRules" WHERE "StageId" = {copy}"""));
        Assert.Equal("My Stage", await ValueAsync($"""SELECT "Title" FROM "Stages" WHERE "Id" = {copy}"""));
        Assert.Null(await ValueAsync($"""SELECT "ExternalId" FROM "Stages" WHERE "Id" = {copy}"""));
    }

    // inheritance / does not fail with a deep inheritance
    [Fact]
    public async Task A_one_to_one_inside_one_inheritance_table_is_copied_with_the_copy()
    {
        var copy = CopyId(await CloneAsync(db => db.Boxes.SingleAsync(), o => o.Include(b => b.SubProducts).ThenInclude(s => s.AnotherProduct)));

        Assert.Equal(4, await CountAsync("BoxProducts"));
        var sub = await ValueAsync($"""SELECT "Id" FROM "BoxProducts" WHERE "BoxId" = {copy} AND "Title" = 'Awesome shoes'""");
        Assert.Equal(["Cleaning product"], await ColumnAsync($"""SELECT "Title" FROM "BoxProducts" WHERE "SubProductId" = {sub}"""));
        Assert.Equal(2, await CountAsync("BoxProducts", "\"Title\" = 'Cleaning product'"));
    }

    // polymorphic / does not fail with a deep inheritance
    [Fact]
    public async Task Children_of_several_owner_types_are_each_copied_under_their_copied_owner()
    {
        var copy = CopyId(await CloneAsync(db => db.Companies.SingleAsync(), o => o.Set(c => c.Name, "Copy of ABC Industries")));

        var counts = new List<int>();
        foreach (var table in new[] { "Companies", "Employees", "Customers", "Addresses", "Photos" })
        {
            counts.Add(await CountAsync(table));
        }

        Assert.Equal([2, 2, 2, 8, 4], counts);
        var employee = await ValueAsync($"""SELECT "Id" FROM "Employees" WHERE "CompanyId" = {copy} AND "Name" = 'Joe'""");
        var customer = await ValueAsync($"""SELECT "Id" FROM "Customers" WHERE "CompanyId" = {copy} AND "Email" = 'my@email.address'""");
        Assert.Equal(["12345"], await ColumnAsync($"""SELECT "Size" FROM "Photos" WHERE "EmployeeId" = {employee}"""));
        Assert.Equal(["123 My Street", "124 My Street"], await ColumnAsync($"""SELECT "Street" FROM "Addresses" WHERE "EmployeeId" = {employee} ORDER BY 1"""));
        Assert.Equal(["54321"], await ColumnAsync($"""SELECT "Size" FROM "Photos" WHERE "CustomerId" = {customer}"""));
        Assert.Equal(["321 My Drive", "321 My Street"], await ColumnAsync($"""SELECT "Street" FROM "Addresses" WHERE "CustomerId" = {customer} ORDER BY 1"""));
    }
}

public sealed class AmoebaObjectSqliteSpecification : AmoebaSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class AmoebaSetSqliteSpecification : AmoebaSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Sets;
}

public sealed class AmoebaObjectPostgresSpecification : AmoebaSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class AmoebaSetPostgresSpecification : AmoebaSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Sets;
}
