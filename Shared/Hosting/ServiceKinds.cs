using Microsoft.Extensions.DependencyInjection;

namespace Workflow.Hosting;

/// <summary>
/// The registration the class names already say (docs/architecture.md, "named for its kind"): every concrete class of
/// Shared/ named <c>*Store</c>, <c>*Api</c>, <c>*Page</c>, <c>*Steps</c>, <c>*Emails</c> or <c>*Pdf</c> is one singleton,
/// every <c>*Activity</c> is transient (an activity runs per call). Adding such a class needs no registration line;
/// classes of other names are registered by hand in <see cref="WorkflowServiceCollectionExtensions"/>.
/// </summary>
public static class ServiceKinds
{
    private static readonly string[] SingletonKinds = ["Store", "Api", "Page", "Steps", "Emails", "Pdf"];

    private const string TransientKind = "Activity";

    /// <summary>The classes registered by their names, in a fixed order (by full name).</summary>
    public static IReadOnlyList<Type> Classes { get; } =
    [
        .. typeof(ServiceKinds).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && !t.IsNested && !t.IsGenericTypeDefinition
                && (t.Name.EndsWith(TransientKind, StringComparison.Ordinal) || SingletonKinds.Any(k => t.Name.EndsWith(k, StringComparison.Ordinal))))
            .OrderBy(t => t.FullName, StringComparer.Ordinal),
    ];

    public static IServiceCollection AddServicesByKind(this IServiceCollection services)
    {
        foreach (var type in Classes)
        {
            if (type.Name.EndsWith(TransientKind, StringComparison.Ordinal))
            {
                services.AddTransient(type);
            }
            else
            {
                services.AddSingleton(type);
            }
        }

        return services;
    }

    /// <summary>Options bound from their configuration section, checked by their data annotations when the host starts.</summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
