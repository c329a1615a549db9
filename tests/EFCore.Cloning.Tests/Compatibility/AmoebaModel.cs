namespace EFCore.Cloning.Tests.Compatibility;

// The blog part of amoeba's test models (amoeba-rb/amoeba, spec/support/models.rb and schema.rb) as EF entities. Their
// amoeba blocks become clone configuration: in AmoebaContext's model where amoeba configures a class, per call where a
// spec configures it for one test.

public class Topic
{
    public int Id { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }
}

public class BlogUser
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }
}

public class Author
{
    public int Id { get; set; }

    public string? FullName { get; set; }

    public string? Nickname { get; set; }

    public List<Post> Posts { get; set; } = [];
}

public class Post
{
    public int Id { get; set; }

    public int TopicId { get; set; }

    public int? OwnerId { get; set; }

    public BlogUser? Owner { get; set; }

    public int AuthorId { get; set; }

    public string? Title { get; set; }

    public string? Contents { get; set; }

    public PostConfig? PostConfig { get; set; }

    public Account? Account { get; set; }

    public List<Comment> Comments { get; set; } = [];

    public List<Supercat> Supercats { get; set; } = [];

    public List<PostWidget> PostWidgets { get; set; } = [];

    public List<CustomThing> CustomThings { get; set; } = [];

    public List<Tag> Tags { get; set; } = [];

    public List<Note> Notes { get; set; } = [];
}

public class PostConfig
{
    public int Id { get; set; }

    public int PostId { get; set; }

    public bool IsVisible { get; set; }

    public bool IsOpen { get; set; }

    public string? Password { get; set; }
}

public class Account
{
    public int Id { get; set; }

    public int PostId { get; set; }

    public string? Title { get; set; }

    public History? History { get; set; }
}

public class History
{
    public int Id { get; set; }

    public int AccountId { get; set; }

    public string? SomeStuff { get; set; }
}

public class Comment
{
    public int Id { get; set; }

    public int PostId { get; set; }

    public string? Contents { get; set; }

    public string? Nerf { get; set; }

    public List<Rating> Ratings { get; set; } = [];

    public List<Review> Reviews { get; set; } = [];
}

public class Rating
{
    public int Id { get; set; }

    public int CommentId { get; set; }

    public int NumStars { get; set; }
}

public class Review
{
    public int Id { get; set; }

    public int CommentId { get; set; }

    public string? Content { get; set; }
}

public class Category
{
    public int Id { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }
}

public class Supercat
{
    public int Id { get; set; }

    public int PostId { get; set; }

    public int CategoryId { get; set; }

    public Category? Category { get; set; }

    public string? Ramblings { get; set; }

    public string? OtherRamblings { get; set; }

    public List<Superkitten> Superkittens { get; set; } = [];
}

public class Superkitten
{
    public int Id { get; set; }

    public int SupercatId { get; set; }

    public string? Value { get; set; }
}

public class Widget
{
    public int Id { get; set; }

    public string? Value { get; set; }
}

public class PostWidget
{
    public int Id { get; set; }

    public int PostId { get; set; }

    public int WidgetId { get; set; }

    public Widget? Widget { get; set; }
}

public class CustomThing
{
    public int Id { get; set; }

    public int PostId { get; set; }

    /// <summary>amoeba's ArrayPack coder: stored as "1,2", through a value converter here.</summary>
    public List<int> Value { get; set; } = [];
}

public class Tag
{
    public int Id { get; set; }

    public string? Value { get; set; }

    public List<Post> Posts { get; set; } = [];
}

public class Note
{
    public int Id { get; set; }

    public string? Value { get; set; }

    public List<Post> Posts { get; set; } = [];
}
