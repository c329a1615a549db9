using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// Writes a copy's values as the plan says: the original's (snapshotted, so no mutable state is shared), a constant,
/// a value computed from the original, or the property's sentinel so that EF leaves the column to the database.
/// </summary>
internal sealed class CopyValues
{
    /// <summary>
    /// Values EF would not send: the copy's value equals the property's sentinel (<c>false</c>, <c>0</c>) while the column
    /// has a store default, so EF leaves the column out and the database writes its default instead. They are written
    /// again once the copies are saved.
    /// </summary>
    public List<(EntityEntry Entry, IProperty Property, object? Value)> SentinelFixups { get; } = [];

    public static bool IsComputed(IProperty property)
        => property.ValueGenerated is ValueGenerated.OnAddOrUpdate or ValueGenerated.OnUpdate || property.GetComputedColumnSql() is not null;

    /// <summary>The value the copy gets for <paramref name="property"/>, given the plan's rule and the original's value.</summary>
    public static object? ValueFor(PlanValue? rule, IProperty property, object original, object? originalValue, RowKey? originalKey = null) => rule switch
    {
        { Kind: PlanValueKind.OriginalKey } => Internal.ValueConversion.ToClr(originalKey?.Values[rule.KeyPart], property.ClrType),
        { Kind: PlanValueKind.Constant } => rule.ModelValue,
        { Kind: PlanValueKind.Computed } => rule.Factory!(original),
        { Kind: PlanValueKind.StoreDefault } => property.Sentinel,
        _ => EfMembers.Snapshot(property, originalValue),
    };

    /// <summary>Writes <paramref name="value"/> through the entry, noting it when EF would not send it.</summary>
    public void Write(EntityEntry entry, IProperty property, PlanValue? rule, object? value)
        => Write(entry, entry.CurrentValues, property, rule, value);

    /// <summary>As <see cref="Write(EntityEntry, IProperty, PlanValue?, object?)"/>, through the entry's <paramref name="current"/> values.</summary>
    public void Write(EntityEntry entry, PropertyValues current, IProperty property, PlanValue? rule, object? value)
    {
        current[property] = value;
        if (rule is not { Kind: PlanValueKind.StoreDefault }
            && !property.IsPrimaryKey()
            && property.ValueGenerated.HasFlag(ValueGenerated.OnAdd)
            && EfValueGeneration.HasStoreDefault(property)
            && Equals(value, property.Sentinel))
        {
            SentinelFixups.Add((entry, property, value));
        }
    }

    /// <summary>After the first save: writes the values EF left to the database, so that the copies hold what the plan gave them.</summary>
    public async Task<bool> ApplyFixupsAsync(DbContext context, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var (entry, property, value) in SentinelFixups)
        {
            var current = entry.Property(property.Name);
            if (!Equals(current.CurrentValue, value))
            {
                current.CurrentValue = value;
                changed = true;
            }
        }

        if (changed)
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return changed;
    }
}
