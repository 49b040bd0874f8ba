using Microsoft.Extensions.DependencyInjection;

namespace Workflow.Courses.Certificates;

public static class CertificateServiceCollectionExtensions
{
    /// <summary>Certificates (numbers, PDF, email, verification page) and the course report and roster exports.</summary>
    public static IServiceCollection AddCourseCertificates(this IServiceCollection services)
    {
        services.AddOptions<CertificateOptions>().BindConfiguration(CertificateOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CertificateStore>();
        services.AddSingleton<CertificatePdf>();
        services.AddSingleton<CertificateEmails>();
        services.AddSingleton<CertificateSteps>();
        services.AddSingleton<CertificatePage>();
        services.AddSingleton<Reports.CourseReportPdf>();
        services.AddSingleton<Reports.SignInSheetPdf>();
        services.AddSingleton<Reports.CourseExportsApi>();
        return services;
    }
}
