namespace EFCore.Cloning;

/// <summary>A clone could not be planned or carried out; nothing was written. The message names the entity, property, navigation or table at fault.</summary>
public class CloneException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do about it.</param>
    public CloneException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around the failure that caused it.</summary>
    /// <param name="message">What is wrong and what to do about it.</param>
    /// <param name="innerException">The underlying failure.</param>
    public CloneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
