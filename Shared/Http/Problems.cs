using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Workflow.Http;

/// <summary>
/// The one builder of RFC 7807 answers (SPEC §4): <c>application/problem+json</c>, with the <c>errors</c> map
/// field → messages for a 400. Titles and details are written for the person who sent the request; no
/// exception text, stack trace or .NET type name ever goes into one. Every text is a <see cref="Phrase"/>, put into
/// words when the answer is written, in the reader's language (<see cref="ReaderLanguage"/>: Vietnamese unless the
/// request's <c>Accept-Language</c> prefers English).
/// </summary>
public static class Problems
{
    /// <summary>Marks a request whose problem answer this class wrote (already in words; <see cref="InReaderWords"/> leaves it).</summary>
    private static readonly object WrittenHere = new();

    public static IResult Validation(IReadOnlyDictionary<string, Phrase[]> errors, Phrase? detail = null) =>
        new ProblemAnswer(StatusCodes.Status400BadRequest, TitleOf(StatusCodes.Status400BadRequest), detail, errors);

    public static IResult Validation(string field, Phrase message) => OnField(StatusCodes.Status400BadRequest, field, message);

    /// <summary>422: the request is well-formed but cannot be taken as it is (for example an Idempotency-Key reused for another request).</summary>
    public static IResult Unprocessable(string field, Phrase message) => OnField(StatusCodes.Status422UnprocessableEntity, field, message);

    /// <summary>422 for field errors of a well-formed body (a grade that is not on the scale).</summary>
    public static IResult Unprocessable(IEnumerable<ValidationError> errors) =>
        new ProblemAnswer(
            StatusCodes.Status422UnprocessableEntity,
            TitleOf(StatusCodes.Status422UnprocessableEntity),
            null,
            errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));

    public static IResult NotFound(Phrase what) => Answer(StatusCodes.Status404NotFound, what);

    /// <summary>401: no caller, or a key or sign-in that proves nothing.</summary>
    public static IResult Unauthorized(Phrase detail) => Answer(StatusCodes.Status401Unauthorized, detail);

    /// <summary>403: the caller is known and may not do this.</summary>
    public static IResult Forbidden(Phrase detail) => Answer(StatusCodes.Status403Forbidden, detail);

    /// <summary>403 for one field of the body (a case of a unit the officer does not handle).</summary>
    public static IResult Forbidden(string field, Phrase message) => OnField(StatusCodes.Status403Forbidden, field, message);

    public static IResult Conflict(Phrase detail) => Answer(StatusCodes.Status409Conflict, detail);

    public static IResult Unavailable(Phrase detail) => Answer(StatusCodes.Status503ServiceUnavailable, detail);

    public static IResult TooLarge(int limit) =>
        Answer(StatusCodes.Status413PayloadTooLarge, Phrase.Of("problem.atMostKibPerRequestSplitThe", ("limit", (limit / 1024).ToString("N0", CultureInfo.InvariantCulture))));

    public static IResult UnsupportedMediaType(string expected) =>
        Answer(StatusCodes.Status415UnsupportedMediaType, Phrase.Of("problem.sendTheBodyWithContentType", ("expected", expected)));

    /// <summary>The title of every answer this class writes: one per status.</summary>
    private static Phrase TitleOf(int status) => Phrase.Of(status switch
    {
        StatusCodes.Status400BadRequest => "problem.theRequestIsNotValid",
        StatusCodes.Status401Unauthorized => "problem.signInNeeded",
        StatusCodes.Status403Forbidden => "problem.notAllowed",
        StatusCodes.Status404NotFound => "problem.notFound",
        StatusCodes.Status409Conflict => "problem.notPossibleInTheCurrentState",
        StatusCodes.Status413PayloadTooLarge => "problem.theBodyIsTooLarge",
        StatusCodes.Status415UnsupportedMediaType => "problem.unsupportedContentType",
        StatusCodes.Status422UnprocessableEntity => "problem.theRequestCannotBeProcessed",
        StatusCodes.Status503ServiceUnavailable => "problem.tryAgainShortly",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No problem title for this status."),
    });

    private static ProblemAnswer Answer(int status, Phrase? detail) => new(status, TitleOf(status), detail);

    /// <summary>A problem about one field of the body: its <c>errors</c> map names that field.</summary>
    private static ProblemAnswer OnField(int status, string field, Phrase message) =>
        new(status, TitleOf(status), null, new Dictionary<string, Phrase[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary>A domain outcome as an answer: <paramref name="done"/> for a done one, else 400 / 409 / 404.</summary>
    public static IResult From<T>(Outcome<T> outcome, Func<T, IResult> done)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(done);
        return outcome.Kind switch
        {
            OutcomeKind.Done => done(outcome.Value!),
            OutcomeKind.Invalid => Validation(outcome.Errors),
            OutcomeKind.Conflict => Answer(StatusCodes.Status409Conflict, outcome.Message),
            _ => Answer(StatusCodes.Status404NotFound, outcome.Message),
        };
    }

    /// <summary>Field errors as the <c>errors</c> map (a field named twice keeps every message).</summary>
    public static IResult Validation(IEnumerable<ValidationError> errors) =>
        Validation(errors.GroupBy(e => e.Field.Length == 0 ? "body" : e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));

    /// <summary>
    /// Words for the problems a host's framework writes rather than a handler (the local host's exception handler: a
    /// fault's 500; its status code pages: a route that does not exist, a method a route does not take, a body the server
    /// refused before any handler): their title and detail from the string tables in the reader's language, in place of the
    /// framework's English defaults. No exception text is ever shown: the reason of a fault (a rule set or holiday data that
    /// does not load, for example) stays in the host's log. Answers written by this class are left as they are.
    /// Set as <c>ProblemDetailsOptions.CustomizeProblemDetails</c>.
    /// </summary>
    public static void InReaderWords(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var httpContext = context.HttpContext;
        if (httpContext.Items.ContainsKey(WrittenHere))
        {
            return;
        }

        var status = context.ProblemDetails.Status ?? httpContext.Response.StatusCode;
        var (title, detail) = status switch
        {
            StatusCodes.Status400BadRequest => ("problem.theRequestIsNotValid", null),
            StatusCodes.Status404NotFound => ("problem.notFound", "problem.noSuchAddress"),
            StatusCodes.Status405MethodNotAllowed => ("problem.thisMethodIsNotAllowedHere", null),
            StatusCodes.Status413PayloadTooLarge => ("problem.theBodyIsTooLarge", null),
            StatusCodes.Status415UnsupportedMediaType => ("problem.unsupportedContentType", null),
            >= 500 => ("problem.theServerRanIntoAFault", "problem.notCarriedOutTryAgainLater"),
            _ => ("problem.theRequestCannotBeProcessed", (string?)null),
        };
        var words = httpContext.RequestServices?.GetService<TemplateRenderer>() ?? ProblemAnswer.Fallback.Value;
        var language = ReaderLanguage.Of(httpContext.Request);
        context.ProblemDetails.Title = words.Render(Phrase.Of(title), language);
        context.ProblemDetails.Detail = detail is null ? null : words.Render(Phrase.Of(detail), language);
        httpContext.Response.Headers.ContentLanguage = language;
        httpContext.Response.Headers.Append("Vary", "Accept-Language");
    }

    /// <summary>
    /// A problem answer whose texts are phrases until it is written: the one point where an API answer's words are chosen,
    /// in the reader's language, from the string tables. Sends <c>Content-Language</c> and <c>Vary: Accept-Language</c>.
    /// </summary>
    private sealed class ProblemAnswer(int status, Phrase title, Phrase? detail, IReadOnlyDictionary<string, Phrase[]>? errors = null)
        : IResult, IStatusCodeHttpResult
    {
        internal static readonly Lazy<TemplateRenderer> Fallback = new(() => new TemplateRenderer());

        public int? StatusCode => status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var words = httpContext.RequestServices?.GetService<TemplateRenderer>() ?? Fallback.Value;
            var language = ReaderLanguage.Of(httpContext.Request);
            var titleText = words.Render(title, language);
            var detailText = detail is null ? null : words.Render(detail, language);
            httpContext.Response.Headers.ContentLanguage = language;
            httpContext.Response.Headers.Append("Vary", "Accept-Language");
            httpContext.Items[WrittenHere] = true;
            var answer = errors is null
                ? Results.Problem(statusCode: status, title: titleText, detail: detailText)
                : Results.ValidationProblem(
                    errors.ToDictionary(e => e.Key, e => e.Value.Select(p => words.Render(p, language)).ToArray(), StringComparer.Ordinal),
                    detail: detailText,
                    statusCode: status,
                    title: titleText);
            return answer.ExecuteAsync(httpContext);
        }
    }
}
