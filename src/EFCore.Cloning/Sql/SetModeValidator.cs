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
                if (entity.SelfAndBases().FirstOrDefault(e => e.EntityHooks.Count > 0) is { } hooked)
                {
                    // Hooks work on entities, which set mode never makes: running the copy without them would be silently wrong.
                    throw new CloneException(
                        $"'{hooked.DisplayName}' has the clone hook{(hooked.EntityHooks.Count > 1 ? "s" : string.Empty)} {string.Join(", ", hooked.EntityHooks)} in the model, and set mode copies inside the database "
                        + "without entities to run them on. Write what the hook does in forms both engines run: a value as an expression, "
                        + $"b.SetOnClone(x => x.Property, original => ...) in OnModelCreating (or Set(x => x.Property, original => ...) per call); a refusal as "
                        + $"b.HasCloneGuard(x => ..., \"reason\"); work after the copy as b.OnCloneCommitted(keys => ...), which receives the original-to-copy keys. "
                        + "Or use object mode (CloneAsync / CloneAndSaveAsync), which runs the hooks.");
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
