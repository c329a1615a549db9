using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace EFCore.Cloning.Internal;

/// <summary>Checks the clone configuration of <c>OnModelCreating</c> once the model is complete, so that mistakes fail when the model is built.</summary>
internal sealed class CloneConfigurationConvention : IModelFinalizedConvention
{
    public IModel ProcessModelFinalized(IModel model)
    {
        CloneConfigurationValidator.Validate(model);
        return model;
    }
}
