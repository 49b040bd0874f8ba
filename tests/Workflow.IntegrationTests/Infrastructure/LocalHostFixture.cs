using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Hosting;

namespace Workflow.IntegrationTests.Infrastructure;

/// <summary>One local host process shared by a test class, on the collection's Azurite.</summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite;
    private readonly LocalHostOptions? _options;

    /// <summary>The one public constructor, as xUnit wants of a class fixture.</summary>
    public LocalHostFixture(AzuriteFixture azurite)
        : this(azurite, null)
    {
    }

    /// <summary>A host configured by <paramref name="options"/> (the page tests' <see cref="Development"/>).</summary>
    internal LocalHostFixture(AzuriteFixture azurite, LocalHostOptions? options)
    {
        _azurite = azurite;
        _options = options;
    }

    /// <summary>
    /// A host in Development with the demo people (LocalHost/demo-people.json): the development sign-in and the
    /// organiser page's key form exist, as with <c>./run.sh</c>.
    /// </summary>
    public static LocalHostOptions Development { get; } = new()
    {
        Environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Workflow__Access__DemoPeople"] = "true",
        },
    };

    public LocalHostProcess Host { get; private set; } = null!;

    public HttpClient Organiser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = new LocalHostProcess(_azurite.ConnectionString, _options);
        await Host.StartAsync();
        Organiser = Host.CreateOrganiserClient();
    }

    public async Task DisposeAsync()
    {
        Organiser.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>
    /// The product's services in the test process, on the host's storage and public address and with its link key, to
    /// run a step or read a store beside the host (emails go to a dev outbox table of their own). The caller disposes it.
    /// </summary>
    public ServiceProvider BuildServices()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WorkflowStorage"] = _azurite.ConnectionString,
                ["Workflow:PublicBaseUrl"] = Host.BaseUrl,
                ["Workflow:Links:ActiveKeyId"] = "k1",
                ["Workflow:Links:Keys:k1"] = Convert.ToBase64String(new byte[32]),
                ["Workflow:Email:OutboxTable"] = "DevOutbox" + Guid.NewGuid().ToString("N")[..10],
            })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddWorkflow(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Creates a course whose RSVP deadline is far enough away for a page test, adds invitees, optionally starts it.</summary>
    public async Task<string> CreateCourseAsync(string language, bool start, params (string Name, string Email)[] invitees)
    {
        var now = DateTimeOffset.UtcNow;
        var created = await Organiser.PostAsJsonAsync("/api/courses", new
        {
            title = language == "en" ? "Mass mobilization skills" : "Bồi dưỡng kỹ năng dân vận",
            presenters = new[] { "Nguyễn Thế Trung" },
            venue = "Hội trường Ban Dân vận Tỉnh ủy",
            sessions = new[] { new { start = now.AddDays(3), end = now.AddDays(3).AddHours(3) } },
            rsvpDeadline = now.AddDays(2),
            organiserEmails = new[] { "bandanvan@tinh.example" },
            language,
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        if (invitees.Length > 0)
        {
            (await Organiser.PostAsJsonAsync($"/api/courses/{id}/invitees", invitees.Select(i => new { name = i.Name, email = i.Email, unit = "Sở Nội vụ" }))).EnsureSuccessStatusCode();
        }

        if (start)
        {
            (await Organiser.PostAsync(new Uri($"/api/courses/{id}/start", UriKind.Relative), null)).EnsureSuccessStatusCode();
        }

        return id;
    }

    /// <summary>Waits until the dev outbox holds a message to <paramref name="email"/> and returns its first link.</summary>
    public async Task<string> WaitForLinkAsync(string email, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var items = await Organiser.GetFromJsonAsync<JsonArray>($"/api/dev/outbox?to={Uri.EscapeDataString(email)}");
            if (items is { Count: > 0 })
            {
                return items[0]!["links"]![0]!.GetValue<string>();
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"No email to {email} in the dev outbox.\n{Host.Output}");
            }

            await Task.Delay(300);
        }
    }
}
