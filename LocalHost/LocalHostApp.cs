using Workflow.Access;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Cases;
using Workflow.Courses;
using Workflow.Courses.Attendance;
using Workflow.Courses.Certificates;
using Workflow.Courses.FollowUp;
using Workflow.Courses.Links;
using Workflow.Courses.Nominations;
using Workflow.Courses.Progress;
using Workflow.Courses.Reports;
using Workflow.Durable;
using Workflow.Email;
using Workflow.Hosting;
using Workflow.Http;
using Workflow.LocalHost.Durable;
using Workflow.LocalHost.Http;
using Workflow.LocalHost.Timers;
using Workflow.Organiser;
using Workflow.Units;

namespace Workflow.LocalHost;

/// <summary>
/// The local host: the Functions app's handlers, orchestrators, activities and timers on ASP.NET Core,
/// with Durable Task state and tables in Azurite. Wiring only: every route calls the same Shared handler
/// as its Functions trigger, under the same name, route, methods and authorization level.
/// </summary>
public static class LocalHostApp
{
    /// <summary>How long stopping may take before the host exits anyway (the .NET default is 30 s).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(6);

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // SIGINT/SIGTERM stop the host in a few seconds whatever else is down: the engine's own stop is bounded
        // (LocalDurableTaskSettings.StopTimeout) and this bounds the rest (open requests, a timer run).
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddWorkflow(builder.Configuration);
        builder.Services.AddLocalDurableTask(builder.Configuration, registry =>
        {
            foreach (var type in WorkflowRegistry.Orchestrators)
            {
                registry.AddOrchestrator(type);
            }

            foreach (var type in WorkflowRegistry.Activities)
            {
                registry.AddActivity(type);
            }
        });
        builder.Services.AddSingleton<LocalTimers>();
        builder.Services.AddHostedService<LocalTimerService>();
        builder.Services.AddOptions<WorkflowOptions>().Validate(
            o => !string.IsNullOrEmpty(o.OrganiserApiKey) && !string.IsNullOrEmpty(o.MasterKey),
            "The local host needs Workflow:OrganiserApiKey and Workflow:MasterKey (env Workflow__OrganiserApiKey, Workflow__MasterKey).");
        // Problems the framework writes (a fault's 500, an unknown route, a method a route does not take) in the reader's words too.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.InReaderWords);

        // Principal headers are Easy Auth's only on App Service: here a client could forge them, so they are never read.
        builder.Services.PostConfigure<AccessOptions>(o =>
        {
            o.EasyAuthEnabled = false;
            o.DevSignIn = builder.Environment.IsDevelopment();
            if (o.DevSignIn)
            {
                // The organiser's page's sign-in button and sign-out (LocalHost/Http/DevSignIn.cs).
                o.SignInUrl = "/api/dev/signin";
                o.SignOutUrl = "/api/dev/signout";
                o.SignOutMethod = "POST";
            }
        });
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddSingleton<DevSession>();
            if (builder.Configuration.GetValue<bool>("Workflow:Access:DemoPeople"))
            {
                builder.Services.AddHostedService<DemoPeopleSeeder>();
            }
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseAccessGate();
        MapFunctions(app);
        if (app.Environment.IsDevelopment())
        {
            DevSignIn.Map(app);
        }

        return app;
    }

    /// <summary>The Functions app's HTTP triggers (a test compares these with its functions.metadata) plus the host's built-ins.</summary>
    public static void MapFunctions(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("courses", (HttpRequest r, CourseApi h, CancellationToken ct) => h.CreateAsync(r, ct))
            .WithName("CreateCourse");
        api.MapGet("courses/{id}", (string id, CourseApi h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetCourse");
        api.MapPost("courses/{id}/invitees", (HttpRequest r, string id, CourseApi h, CancellationToken ct) => h.AddInviteesAsync(r, id, ct))
            .WithName("AddInvitees");
        api.MapGet("courses/{id}/invitees", (HttpRequest r, string id, CourseApi h, CancellationToken ct) => h.ListInviteesAsync(r, id, ct))
            .WithName("ListInvitees");
        api.MapPost("courses/{id}/start", (HttpRequest r, string id, CourseApi h, CancellationToken ct) => h.StartAsync(r, id, ct))
            .WithName("StartCourse");

        // Cancel, edit/reschedule, remind now (issue 8; Functions/Http/CourseChangeFunctions.cs).
        api.MapPost("courses/{id}/cancel", (HttpRequest r, string id, CourseChangesApi h, CancellationToken ct) => h.CancelAsync(r, id, ct))
            .WithName("CancelCourse");
        api.MapPatch("courses/{id}", (HttpRequest r, string id, CourseChangesApi h, CancellationToken ct) => h.PatchAsync(r, id, ct))
            .WithName("PatchCourse");
        api.MapPost("courses/{id}/remind", (HttpRequest r, string id, CourseChangesApi h, CancellationToken ct) => h.RemindAsync(r, id, ct))
            .WithName("RemindNow");

        // Seats (issue 8): the organiser records an offline reply (Functions/Http/OfflineReplyFunctions.cs).
        api.MapPost("courses/{id}/replies", (HttpRequest r, string id, OfflineReplyApi h, CancellationToken ct) => h.RecordAsync(r, id, ct))
            .WithName("RecordReply");
        // Attendance: the organiser's marks (Functions/Http/AttendanceFunctions.cs).
        api.MapPost("courses/{id}/attendance", (HttpRequest r, string id, AttendanceApi h, CancellationToken ct) => h.RecordAsync(r, id, ct))
            .WithName("RecordAttendance");
        api.MapMethods("r/{token}", ["GET", "HEAD", "POST"], (HttpRequest r, string token, PersonalLinkRouter h, CancellationToken ct) => h.HandleAsync(r, token, ct))
            .WithName("ReplyPage").DisableAntiforgery();
        api.MapMethods("r/{token}/qr", ["GET", "HEAD"], (HttpRequest r, string token, PersonalLinkRouter h) => h.QrImage(r, token))
            .WithName("CheckInQr");
        api.MapGet("health", (HealthApi h, CancellationToken ct) => h.GetAsync(ct))
            .WithName("Health");

        // Nominations (Functions/Http/NominationFunctions.cs).
        api.MapPost("courses/{id}/units", (HttpRequest r, string id, NominationApi h, CancellationToken ct) => h.AddUnitsAsync(r, id, ct))
            .WithName("AddNominationUnits");

        // The organiser page's reads (issue 10; Functions/Http/CourseReadFunctions.cs).
        api.MapGet("courses", (HttpRequest r, CourseReadApi h, CancellationToken ct) => h.ListAsync(r, ct))
            .WithName("ListCourses");
        api.MapGet("courses/{id}/progress", (HttpRequest r, string id, CourseReadApi h, CancellationToken ct) => h.ProgressAsync(r, id, ct))
            .WithName("GetCourseProgress");
        api.MapGet("courses/{id}/units", (string id, CourseReadApi h, CancellationToken ct) => h.UnitsAsync(id, ct))
            .WithName("ListNominationUnits");

        // Certificates, course report, roster (issue 9; Functions/Http/CertificateFunctions.cs).
        api.MapGet("certificates/{number}", (string number, CertificatePage h, CancellationToken ct) => h.GetAsync(number, ct))
            .WithName("VerifyCertificate");
        api.MapGet("courses/{id}/report", (HttpRequest r, string id, CourseExportsApi h, CancellationToken ct) => h.ReportAsync(r, id, ct))
            .WithName("GetCourseReport");
        api.MapGet("courses/{id}/roster", (HttpRequest r, string id, CourseExportsApi h, CancellationToken ct) => h.RosterAsync(r, id, ct))
            .WithName("GetRoster");
        api.MapGet("courses/{id}/sessions/{session}/sign-in-sheet", (string id, string session, CourseExportsApi h, CancellationToken ct) => h.SignInSheetAsync(id, session, ct))
            .WithName("GetSignInSheet");

        // Learning reports read and graded (issue 18 item 4; Functions/Http/GradingFunctions.cs).
        api.MapGet("courses/{id}/reports", (string id, GradingApi h, CancellationToken ct) => h.ListAsync(id, ct))
            .WithName("ListReports");
        api.MapGet("courses/{id}/reports/archive", (string id, GradingApi h, CancellationToken ct) => h.ArchiveAsync(id, ct))
            .WithName("DownloadReports");
        api.MapGet("courses/{id}/reports/{inviteeId}/file", (HttpRequest r, string id, string inviteeId, GradingApi h, CancellationToken ct) => h.FileAsync(r, id, inviteeId, ct))
            .WithName("GetReportFile");
        api.MapPut("courses/{id}/reports/{inviteeId}/grade", (HttpRequest r, string id, string inviteeId, GradingApi h, CancellationToken ct) => h.GradeAsync(r, id, inviteeId, ct))
            .WithName("GradeReport");

        // Letters (issue 18; Functions/Http/LetterFunctions.cs).
        api.MapGet("courses/{id}/letters/invitation", (HttpRequest r, string id, Workflow.Documents.Letters.LetterApi h, CancellationToken ct) => h.InvitationAsync(r, id, ct))
            .WithName("GetInvitationLetters");
        api.MapGet("courses/{id}/letters/nomination", (HttpRequest r, string id, Workflow.Documents.Letters.LetterApi h, CancellationToken ct) => h.NominationAsync(r, id, ct))
            .WithName("GetNominationLetters");

        // Complaints, holidays and units (Functions/Http/ComplaintFunctions.cs, UnitFunctions.cs).
        api.MapPost("complaints", (HttpRequest r, ComplaintApi h, CancellationToken ct) => h.RegisterAsync(r, ct))
            .WithName("RegisterComplaint");
        api.MapGet("complaints", (HttpRequest r, ComplaintApi h, CancellationToken ct) => h.ListAsync(r, ct))
            .WithName("ListComplaints");
        api.MapGet("complaints/{id}", (HttpRequest r, string id, ComplaintApi h, CancellationToken ct) => h.GetAsync(r, id, ct))
            .WithName("GetComplaint");
        api.MapPost("complaints/{id}/accept", (HttpRequest r, string id, ComplaintApi h, CancellationToken ct) => h.AcceptAsync(r, id, ct))
            .WithName("AcceptComplaint");
        api.MapPost("complaints/{id}/extend", (HttpRequest r, string id, ComplaintApi h, CancellationToken ct) => h.ExtendAsync(r, id, ct))
            .WithName("ExtendComplaint");
        api.MapPost("complaints/{id}/resolve", (HttpRequest r, string id, ComplaintApi h, CancellationToken ct) => h.ResolveAsync(r, id, ct))
            .WithName("ResolveComplaint");
        api.MapPost("complaints/{id}/withdraw", (HttpRequest r, string id, ComplaintApi h, CancellationToken ct) => h.WithdrawAsync(r, id, ct))
            .WithName("WithdrawComplaint");
        api.MapPost("holidays", (HttpRequest r, HolidayApi h, CancellationToken ct) => h.AddYearAsync(r, ct))
            .WithName("AddHolidayYear");
        api.MapPut("units", (HttpRequest r, UnitApi h, CancellationToken ct) => h.PutAsync(r, ct))
            .WithName("PutUnits");
        api.MapGet("units", (UnitApi h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListUnits");

        // Who is calling, and the people table (Functions/Http/PeopleFunctions.cs).
        api.MapGet("me", (HttpRequest r) => PeopleApi.WhoAmI(r)).WithName("WhoAmI");
        api.MapGet("people", (PeopleApi h, CancellationToken ct) => h.ListAsync(ct)).WithName("ListPeople");
        api.MapPut("people/{signIn}", (HttpRequest r, string signIn, PeopleApi h, CancellationToken ct) => h.PutAsync(r, signIn, ct))
            .WithName("PutPerson");
        api.MapDelete("people/{signIn}", (HttpRequest r, string signIn, PeopleApi h, CancellationToken ct) => h.RemoveAsync(r, signIn, ct))
            .WithName("RemovePerson");

        // The organiser's page (issue 10; Functions/Http/OrganiserPageFunctions.cs): the static shell and its files are
        // anonymous (they hold no data); everything the page shows comes from the function-level routes above.
        api.MapGet("organiser", (HttpRequest r, OrganiserPage h) => h.Shell(r))
            .WithName("OrganiserPage");
        api.MapGet("organiser/{file}", (HttpRequest r, string file, OrganiserPage h) => h.Asset(r, file))
            .WithName("OrganiserPageFile");

        // Local host only (not Functions triggers).
        if (app.ServiceProvider.GetRequiredService<EmailTransport>().UsesDevOutbox)
        {
            api.MapGet("dev/outbox", async (string? to, IDevOutbox outbox, CancellationToken ct) => Results.Json(await outbox.ListAsync(to, ct), WorkflowJson.Options))
                .WithName(LocalOnly.DevOutbox);
        }

        app.MapPost("/admin/functions/{name}", async (string name, LocalTimers timers, IServiceProvider services, CancellationToken ct) =>
            {
                var timer = timers.Find(name);
                if (timer is null)
                {
                    return Problems.NotFound(Phrase.Of("problem.noSuchFunction", ("name", name)));
                }

                await timer.Run(services, ct);
                return Results.Accepted();
            })
            .WithName(LocalOnly.AdminRun);
    }
}

/// <summary>Endpoints the local host adds that are not Functions triggers (Functions has its own admin API; the outbox replaces SendGrid).</summary>
public static class LocalOnly
{
    public const string DevOutbox = "DevOutbox";
    public const string AdminRun = "AdminRunFunction";

    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        DevOutbox, AdminRun, "DevSignInPage", "DevSignIn", "DevSignOut",
    };
}
