using EFCore.Cloning.Planning;

namespace EFCore.Cloning.Sql;

/// <summary>What set mode cannot do with a plan, said before anything is written.</summary>
internal static class SetModeValidator
{
    public static void Validate(SetModeState state)
    {
        var plan = state.Plan;
        foreach (var node in plan.Nodes)
        {
            foreach (var entity in node.Entity.SelfAndDerived())
            {
                if (entity.SelfAndBases().Any(e => e.HasCloneHooks))
                {
                    // Hooks work on entities, which set mode never makes: running the copy without them would be silently wrong.
                    throw new CloneException(
                        $"'{entity.DisplayName}' has clone hooks (OnCloning/OnCloned) in the model, and set mode copies inside the database without entities to run them on. "
                        + "Use object mode (CloneAsync / CloneAndSaveAsync), or give set mode the hook's effect as Set(...) constants on a type without hooks.");
                }

                if (entity.NotCopyableInSetModeReason is { } reason)
                {
                    throw new CloneException(
                        $"Set mode cannot copy '{entity.DisplayName}': {reason}, which cannot take inserts. Use object mode (CloneAsync / CloneAndSaveAsync), or Skip the navigation that reaches it.");
                }
            }

            foreach (var (property, _, value) in node.Values.All)
            {
                if (value.Kind == PlanValueKind.Computed && !state.Request.ComputedValues.ContainsKey(value))
                {
                    throw new CloneException(
                        $"'{property}' gets a value computed from the original that set mode has no SQL for (a function, not an expression EF translates). "
                        + "Give a constant with Set(e => e.Property, value), or use object mode (CloneAsync / CloneAndSaveAsync).");
                }

                if (node.Entity.IsJson && value.Reason != "identity" && value.Reason != "volatile default")
                {
                    throw new CloneException(
                        $"Set mode copies the JSON document of '{node.Entity.DisplayName}' whole, so it cannot give '{node.Entity.DisplayName}.{property.Name}' (a property inside the JSON column) its own value. "
                        + "Use object mode (CloneAsync / CloneAndSaveAsync) for this rule.");
                }
            }
        }

        if (!state.ByNode.ContainsKey(plan.Root))
        {
            throw new CloneException($"Set mode cannot copy '{plan.Root.Entity.DisplayName}': it is not stored in a table of its own.");
        }
    }
}
