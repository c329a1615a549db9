namespace EFCore.Cloning.Benchmarks.Contracts;

/// <summary>A shared principal: owners, note authors and assignees; never copied.</summary>
public sealed class Person
{
    public int Id { get; set; }

    public string Email { get; set; } = "";
}

/// <summary>
/// The TPT base: every document has a row here, and a derived type's row with the same key in its own table. Abstract:
/// with a concrete base, set mode refuses the store default of CreatedAt (see docs/benchmarks.md, workload 2).
/// </summary>
public abstract class Document
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public int OwnerId { get; set; }

    public Person Owner { get; set; } = null!;

    public DateTime CreatedAt { get; set; }
}

/// <summary>The aggregate root, in table Contracts beside its Documents row.</summary>
public sealed class Contract : Document
{
    public decimal Value { get; set; }

    public string Currency { get; set; } = "";

    public List<Section> Sections { get; set; } = [];
}

public sealed class Section
{
    public int Id { get; set; }

    public int ContractId { get; set; }

    public Contract Contract { get; set; } = null!;

    public int? ParentId { get; set; }

    public Section? Parent { get; set; }

    public List<Section> Children { get; set; } = [];

    public string Name { get; set; } = "";

    public int Position { get; set; }

    public List<Line> Lines { get; set; } = [];

    public List<Note> Notes { get; set; } = [];

    public List<Assignment> Assignments { get; set; } = [];

    public List<Person> Assignees { get; set; } = [];
}

public sealed class Line
{
    public int SectionId { get; set; }

    public Section Section { get; set; } = null!;

    public int LineNo { get; set; }

    public string Text { get; set; } = "";

    public decimal Amount { get; set; }

    public LineAttributes Attributes { get; set; } = new();
}

/// <summary>Stored as one JSON column of Lines (EF's ToJson).</summary>
public sealed class LineAttributes
{
    public string Unit { get; set; } = "";

    public int Quantity { get; set; }

    public bool Taxable { get; set; }
}

public sealed class Note
{
    public int Id { get; set; }

    public int SectionId { get; set; }

    public Section Section { get; set; } = null!;

    public int AuthorId { get; set; }

    public Person Author { get; set; } = null!;

    public string Body { get; set; } = "";
}

/// <summary>The explicit join entity of Section.Assignees, with payload columns that a link copies.</summary>
public sealed class Assignment
{
    public int SectionId { get; set; }

    public Section Section { get; set; } = null!;

    public int PersonId { get; set; }

    public Person Person { get; set; } = null!;

    public string Role { get; set; } = "";

    public DateTime AddedOn { get; set; }
}
