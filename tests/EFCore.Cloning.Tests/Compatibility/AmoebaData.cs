namespace EFCore.Cloning.Tests.Compatibility;

/// <summary>amoeba's spec/support/data.rb (and the rows its specs create for themselves), in EF.</summary>
public static class AmoebaData
{
    public static async Task SeedAsync(AmoebaContext db)
    {
        var robert = new BlogUser { Name = "Robert Johnson", Email = "bob@crossroads.com" };
        db.AddRange(robert, new BlogUser { Name = "Miles Davis", Email = "miles@kindofblue.com" });
        var kermit = new Author { FullName = "Kermit The Vonnegut", Nickname = "kvsoitgoes" };
        db.AddRange(kermit, new Author { FullName = "Arthur Sees Clarck", Nickname = "strangewater" });
        var topic = new Topic { Title = "Ponies", Description = "Lets talk about my ponies." };
        db.Add(topic);
        await db.SaveChangesAsync();

        var post = new Post
        {
            TopicId = topic.Id,
            Owner = robert,
            AuthorId = kermit.Id,
            Title = "My little pony",
            Contents = "Lorum ipsum dolor rainbow bright. I like dogs, dogs are awesome.",
            PostConfig = new PostConfig { IsVisible = true, IsOpen = false, Password = "abcdefg123" },
            Account = new Account { Title = "Foo", History = new History { SomeStuff = "Bar" } },
            Comments =
            [
                Comment("I love it!", "ratatat", 5, 5, 4, 3, 5, 5),
                Comment("I hate it!", "whapaow", 3, 1, 4, 1, 1, 2),
                Comment("kthxbbq!!11!!!1!eleven!!", "bonk", 0, 0, 1, 2, 1, 0),
            ],
            Tags = [new Tag { Value = "funny" }, new Tag { Value = "wtf" }, new Tag { Value = "cats" }],
            PostWidgets = [.. new[] { "My Sidebar", "Photo Gallery", "Share & Like" }.Select(v => new PostWidget { Widget = new Widget { Value = v } })],
            Notes = [new Note { Value = "This is important" }, new Note { Value = "You've been warned" }, new Note { Value = "Don't forget" }],
            CustomThings = [new CustomThing { Value = [1, 2] }, new CustomThing { Value = [] }, new CustomThing { Value = [78] }],
        };
        post.Comments[1].Reviews = [new Review { Content = "excluded from every copy" }];
        post.Supercats =
        [
            Supercat("Umbrellas", "Clown fart", "zomg", "nerp", "Fluffy", "Buffy", "Fuzzy"),
            Supercat("Widgets", "Humpty dumpty", "why", "narp", "Hairball", "Crosseye", "Spot"),
            Supercat("Wombats", "Slushy mushy", "ohnoes", "blap", "Dopey", "Sneezy", "Sleepy"),
        ];
        db.Add(post);

        var office = new Section { Name = "Office", NumEmployees = 2, TotalSales = 1234.56m };
        var supplies = new Section { Name = "Supplies", NumEmployees = 1, TotalSales = 543.21m };
        var mens = new Section { Name = "Mens", NumEmployees = 3, TotalSales = 11982.63m };
        var apparel = new Section { Name = "Apparel", NumEmployees = 5, TotalSales = 1315.20m };
        var accessories = new Section { Name = "Accessories", NumEmployees = 1, TotalSales = 8992.34m };
        var jewelry = new Section { Name = "Jewelry", NumEmployees = 3, TotalSales = 25481.77m };
        db.Add(new Product { Title = "Sticky Notes 5-Pak", Price = 5.99m, Weight = 0.56, Images = Images("sticky.jpg", "notes.jpg"), Sections = [office, supplies] });
        db.Add(new Shirt { Title = "Fancy Shirt", Price = 48.95m, Sleeve = 32, Collar = 15.5, Images = Images("02948u31.jpg", "zsif8327.jpg"), Sections = [mens, apparel] });
        db.Add(new Necklace { Title = "Pearl Necklace", Price = 2995.99m, Length = 18, Metal = "14k", Images = Images("ae02x9f1.jpg", "cba9f912.jpg"), Sections = [jewelry, accessories] });
        db.Add(new SuperBlackBox { Title = "Super Black Box", Price = 9.99m });

        db.Add(new Company
        {
            Name = "ABC Industries",
            Employees =
            [
                new Employee
                {
                    Name = "Joe", Ssn = "1111111111", Salary = 10_000m,
                    Addresses = [new Address { Street = "123 My Street", City = "Hollywood" }, new Address { Street = "124 My Street", City = "Follywood" }],
                    Photos = [new Photo { Name = "Portrait", Size = 12_345 }],
                },
            ],
            Customers =
            [
                new Customer
                {
                    Email = "my@email.address", Password = "password",
                    Addresses = [new Address { Street = "321 My Street", City = "Bollywood" }, new Address { Street = "321 My Drive", City = "Mollywood" }],
                    Photos = [new Photo { Name = "Mug Shot", Size = 54_321 }],
                },
            ],
        });

        var sub = new BoxSubSubProduct { Title = "Awesome shoes", AnotherProduct = new BoxAnotherProduct { Title = "Cleaning product" } };
        db.Add(new Box { SubProducts = [sub] });
        db.Add(new CustomStage
        {
            Title = "My Stage",
            ExternalId = 213,
            Listeners = [new Listener { Name = "John" }, new Listener { Name = "Helen" }],
            Specialists = [new Specialist { Name = "Jack" }],
            CustomRules = [new CustomRule { Description = "Kill all humans" }],
        });
        db.Add(new SuperAdmin { Email = "user@example.com", Active = true, Password = "password" });
        await db.SaveChangesAsync();
    }

    private static Comment Comment(string contents, string nerf, params int[] stars)
        => new() { Contents = contents, Nerf = nerf, Ratings = [.. stars.Select(s => new Rating { NumStars = s })] };

    private static Supercat Supercat(string title, string description, string ramblings, string other, params string[] kittens)
        => new()
        {
            Category = new Category { Title = title, Description = description },
            Ramblings = ramblings,
            OtherRamblings = other,
            Superkittens = [.. kittens.Select(k => new Superkitten { Value = k })],
        };

    private static List<Image> Images(params string[] files) => [.. files.Select(f => new Image { Filename = f })];
}
