using Microsoft.Extensions.DependencyInjection;
using Workflow.Documents.Numbers;

namespace Workflow.Documents.Letters;

public static class LetterServiceCollectionExtensions
{
    /// <summary>The course's letters (issue 18): the issuer's settings, numbers, the layout, the PDF and the download routes.</summary>
    public static IServiceCollection AddCourseLetters(this IServiceCollection services)
    {
        services.AddOptions<LetterOptions>().BindConfiguration(LetterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DocumentNumberStore>();
        services.AddSingleton<PartyLetters>();
        services.AddSingleton<LetterPdf>();
        services.AddSingleton<LetterAttachments>();
        services.AddSingleton<LetterFiles>();
        services.AddSingleton<LetterApi>();
        return services;
    }
}
