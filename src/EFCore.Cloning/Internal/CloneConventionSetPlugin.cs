using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace EFCore.Cloning.Internal;

/// <summary>Adds <see cref="CloneConfigurationConvention"/> to the conventions of contexts that call <c>UseCloning</c>.</summary>
internal sealed class CloneConventionSetPlugin : IConventionSetPlugin
{
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        conventionSet.ModelFinalizedConventions.Add(new CloneConfigurationConvention());
        return conventionSet;
    }
}
