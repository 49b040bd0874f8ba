using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Workflow.Http;

/// <summary>
/// The one builder of RFC 7807 answers (SPEC §4): <c>application/problem+json</c>, with the <c>errors</c> map
/// field → messages for a 400. Titles and details are written for the person who sent the request; no
/// exception text, stack trace or .NET type name ever goes into one.
/// </summary>
public static class Problems
{
    public static IResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        Results.ValidationProblem(errors, detail: detail, title: "Yêu cầu không hợp lệ / The request is not valid.");

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary>422: the request is well-formed but cannot be taken as it is (for example an Idempotency-Key reused for another request).</summary>
    public static IResult Unprocessable(string field, string message) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] },
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Không xử lý được yêu cầu / The request cannot be processed.");

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy / Not found.", detail: what);

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Không thực hiện được ở trạng thái hiện tại / Not possible in the current state.", detail: detail);

    public static IResult Unavailable(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Vui lòng thử lại sau giây lát / Try again shortly.", detail: detail);

    public static IResult TooLarge(int limit) =>
        Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Nội dung quá lớn / The body is too large.",
            detail: string.Create(CultureInfo.InvariantCulture, $"Tối đa {limit / 1024:N0} KiB mỗi yêu cầu; hãy chia nhỏ danh sách / At most {limit / 1024:N0} KiB per request; split the list into several requests."));

    public static IResult UnsupportedMediaType(string expected) =>
        Results.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Sai kiểu nội dung / Unsupported content type.",
            detail: $"Gửi nội dung với Content-Type: {expected} / Send the body with Content-Type: {expected}.");

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
            OutcomeKind.Conflict => Conflict(outcome.Message ?? string.Empty),
            _ => NotFound(outcome.Message ?? string.Empty),
        };
    }

    /// <summary>Field errors as the <c>errors</c> map (a field named twice keeps every message).</summary>
    public static IResult Validation(IEnumerable<ValidationError> errors) =>
        Validation(errors.GroupBy(e => e.Field.Length == 0 ? "body" : e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
}
