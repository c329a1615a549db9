using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Schema;

/// <summary>
/// How the database fills an EF property's column on insert, read from the model and the provider's annotations (by
/// name, so that the library needs no provider package). Decides what a copy gets: keys and volatile defaults are made
/// anew, constant defaults and everything else are copied.
/// </summary>
internal static class EfValueGeneration
{
    private const string NpgsqlStrategyAnnotation = "Npgsql:ValueGenerationStrategy";
    private const string NpgsqlHiLoSequenceAnnotation = "Npgsql:HiLoSequenceName";
    private const string NpgsqlHiLoSchemaAnnotation = "Npgsql:HiLoSequenceSchema";

    public static ValueGeneration Of(IProperty property)
    {
        if (property.GetComputedColumnSql() is not null
            || property.ValueGenerated == ValueGenerated.OnAddOrUpdate
            || property.ValueGenerated == ValueGenerated.OnUpdate)
        {
            return ValueGeneration.Computed;
        }

        if (!property.IsPrimaryKey())
        {
            // An identity column that is not the key still numbers rows: a copy takes the next number.
            if (IdentityOf(property.FindAnnotation(NpgsqlStrategyAnnotation)?.Value?.ToString()) is { } identity)
            {
                return identity;
            }

            return property.ValueGenerated == ValueGenerated.OnAdd && StoreDefaults.IsVolatile(property.GetDefaultValueSql())
                ? ValueGeneration.StoreDefault
                : ValueGeneration.None;
        }

        if (property.ValueGenerated != ValueGenerated.OnAdd)
        {
            return ValueGeneration.None;
        }

        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (type == typeof(Guid))
        {
            return ValueGeneration.Guid;
        }

        var strategy = (property.FindAnnotation(NpgsqlStrategyAnnotation)?.Value
                        ?? (IsIntegral(type) ? property.DeclaringType.Model.FindAnnotation(NpgsqlStrategyAnnotation)?.Value : null))
            ?.ToString();
        if (IdentityOf(strategy) is { } keyIdentity)
        {
            return keyIdentity;
        }

        if (strategy == "SequenceHiLo")
        {
            return ValueGeneration.HiLo;
        }

        if (property.GetDefaultValueSql() is { } defaultSql)
        {
            return defaultSql.Contains("nextval", StringComparison.OrdinalIgnoreCase) ? ValueGeneration.Sequence : ValueGeneration.StoreDefault;
        }

        return IsIntegral(type) ? ValueGeneration.IdentityByDefault : ValueGeneration.None;
    }

    /// <summary>Whether the column has a store default a copy can be given (a constant or an expression).</summary>
    public static bool HasStoreDefault(IProperty property)
        => property.GetDefaultValueSql() is not null || property.FindAnnotation(RelationalAnnotationNames.DefaultValue)?.Value is not null;

    public static GraphSequence? SequenceOf(IProperty keyProperty, ValueGeneration generation)
    {
        if (generation == ValueGeneration.HiLo)
        {
            var name = keyProperty.FindAnnotation(NpgsqlHiLoSequenceAnnotation)?.Value as string
                       ?? keyProperty.DeclaringType.Model.FindAnnotation(NpgsqlHiLoSequenceAnnotation)?.Value as string
                       ?? "EntityFrameworkHiLoSequence";
            var schema = keyProperty.FindAnnotation(NpgsqlHiLoSchemaAnnotation)?.Value as string
                         ?? keyProperty.DeclaringType.Model.FindAnnotation(NpgsqlHiLoSchemaAnnotation)?.Value as string;
            return new GraphSequence(schema, name);
        }

        return null;
    }

    /// <summary>The provider value of a model value, through the property's value converter when it has one.</summary>
    public static Func<object?, object?>? ToProvider(IProperty property)
        => property.GetTypeMapping().Converter is { } converter ? value => value is null ? null : converter.ConvertToProvider(value) : null;

    private static ValueGeneration? IdentityOf(string? strategy) => strategy switch
    {
        "IdentityAlwaysColumn" => ValueGeneration.IdentityAlways,
        "IdentityByDefaultColumn" => ValueGeneration.IdentityByDefault,
        "SerialColumn" or "Sequence" => ValueGeneration.Sequence,
        _ => null,
    };

    private static bool IsIntegral(Type type)
        => type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
           || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte);
}
