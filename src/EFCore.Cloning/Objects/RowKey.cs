namespace EFCore.Cloning.Objects;

/// <summary>Key values of one row, compared by value; the identity map's key.</summary>
internal readonly struct RowKey : IEquatable<RowKey>
{
    private readonly object?[] _values;

    public RowKey(object?[] values)
    {
        _values = values;
    }

    public IReadOnlyList<object?> Values => _values;

    public bool HasNull => Array.IndexOf(_values, null) >= 0;

    public bool Equals(RowKey other)
    {
        if (_values.Length != other._values.Length)
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            if (!Equals(_values[i], other._values[i]) && !BytesEqual(_values[i], other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values)
        {
            hash.Add(value is byte[] bytes ? bytes.Length : value);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => _values.Length == 1 ? $"{_values[0]}" : $"({string.Join(", ", _values)})";

    private static bool BytesEqual(object? a, object? b) => a is byte[] x && b is byte[] y && x.AsSpan().SequenceEqual(y);
}
