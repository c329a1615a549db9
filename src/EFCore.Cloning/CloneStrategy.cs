namespace EFCore.Cloning;

/// <summary>What a clone does with the rows behind one navigation.</summary>
public enum CloneStrategy
{
    /// <summary>The related rows are copied too, and the copy points at the copies (children, one-to-one dependents).</summary>
    Clone,

    /// <summary>The copy points at the same related row as the original (an owner, a category, a lookup).</summary>
    Share,

    /// <summary>For many-to-many: new join rows connect the copy to the same targets; join payload columns are copied.</summary>
    Link,

    /// <summary>Nothing is copied and the copy has no such related rows.</summary>
    Skip,
}
