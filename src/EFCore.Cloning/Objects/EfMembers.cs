using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>Reads and writes CLR members the way EF maps them, and makes new instances of mapped types.</summary>
internal static class EfMembers
{
    public static object? Get(IPropertyBase property, object instance)
        => property.GetGetter().GetClrValueUsingContainingEntity(instance);

    /// <summary>Writes a mapped member, through its backing field when EF would (properties without setters included).</summary>
    public static void Set(IPropertyBase property, object instance, object? value)
    {
        if (property.IsIndexerProperty())
        {
            ((PropertyInfo)property.PropertyInfo!).SetValue(instance, value, [property.Name]);
            return;
        }

        if (property.FieldInfo is { } field && property.GetPropertyAccessMode() != PropertyAccessMode.Property)
        {
            field.SetValue(instance, value);
        }
        else if (property.PropertyInfo is { CanWrite: true } clrProperty)
        {
            clrProperty.SetValue(instance, value);
        }
        else if (property.FieldInfo is { } fallback)
        {
            fallback.SetValue(instance, value);
        }
        else
        {
            throw new CloneException($"The member '{property.DeclaringType.DisplayName()}.{property.Name}' cannot be written: give it a setter or a backing field.");
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> HasParameterlessConstructor = new();

    /// <summary>A new, empty instance of <paramref name="type"/>; a parameterless constructor is used when there is one (it may be private).</summary>
    public static object Create(Type type)
    {
        // Activator caches the constructor per type (a copy is made per row); the lookup is remembered here too.
        if (HasParameterlessConstructor.GetOrAdd(type, t => t.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is not null))
        {
            return Activator.CreateInstance(type, nonPublic: true)!;
        }

        // EF can materialize through constructors with parameters; a copy gets every value set afterwards, so skipping the constructor is safe.
        return RuntimeHelpers.GetUninitializedObject(type);
    }

    /// <summary>A copy of a scalar value that shares no mutable state with it (byte arrays, primitive collections), using EF's own snapshotting.</summary>
    public static object? Snapshot(IProperty property, object? value)
    {
        if (value is null)
        {
            return null;
        }

        var snapshot = property.GetValueComparer().Snapshot(value);
        if (!ReferenceEquals(snapshot, value) || value is string || value.GetType().IsValueType)
        {
            return snapshot;
        }

        // EF compares non-key byte arrays (and some mapped collections) by reference, so its snapshot is the same
        // instance; a copy must still not share it.
        switch (value)
        {
            case Array array:
                return array.Clone();
            case IList list when value.GetType().GetConstructor(Type.EmptyTypes) is not null:
                var copy = (IList)Create(value.GetType());
                foreach (var item in list)
                {
                    copy.Add(item);
                }

                return copy;
            default:
                return snapshot;
        }
    }

    /// <summary>A deep copy of a complex type's value (class complex types are mutable; the copy must not share them).</summary>
    public static object? CopyComplex(IComplexProperty complexProperty, object? value)
    {
        if (value is null)
        {
            return null;
        }

        var complexType = complexProperty.ComplexType;
        if (complexProperty.IsCollection)
        {
            var list = (System.Collections.IList)Create(value.GetType());
            foreach (var element in (System.Collections.IEnumerable)value)
            {
                list.Add(CopyComplexObject(complexType, element));
            }

            return list;
        }

        return CopyComplexObject(complexType, value);
    }

    private static object? CopyComplexObject(IComplexType complexType, object? value)
    {
        if (value is null)
        {
            return null;
        }

        var copy = complexType.ClrType.IsValueType ? value : Create(value.GetType());
        foreach (var property in complexType.GetProperties())
        {
            var propertyValue = property.GetGetter().GetClrValue(value);
            SetOn(property, ref copy, Snapshot(property, propertyValue));
        }

        foreach (var nested in complexType.GetComplexProperties())
        {
            SetOn(nested, ref copy, CopyComplex(nested, nested.GetGetter().GetClrValue(value)));
        }

        return copy;
    }

    private static void SetOn(IPropertyBase property, ref object target, object? value)
    {
        // Boxed structs are written in place: 'target' is the box.
        if (property.FieldInfo is { } field)
        {
            field.SetValue(target, value);
        }
        else if (property.PropertyInfo is { CanWrite: true } clrProperty)
        {
            clrProperty.SetValue(target, value);
        }
    }
}
