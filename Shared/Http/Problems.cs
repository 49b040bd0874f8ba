using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Workflow.Http;

/// <summary>RFC 7807 answers with the <c>errors</c> map of SPEC §4.</summary>
public static class Problems
{
    public static IResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        Results.ValidationProblem(errors, detail: detail, title: "The request is not valid.");

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: what);

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in the current state.", detail: detail);

    public static IResult Unavailable(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Try again shortly.", detail: detail);

    /// <summary>Reads a JSON body; a malformed or missing body becomes a 400 problem instead of an exception.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, WorkflowJson.Options, cancellationToken);
            return value is null ? (null, Validation("body", "A JSON body is required.")) : (value, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? path.TrimStart('$', '.') : "body";
            return (null, Validation(where.Length == 0 ? "body" : where, "Not valid JSON here: " + ShortReason(ex)));
        }
    }

    private static string ShortReason(JsonException ex) =>
        ex.Message.Split(". Path:", 2, StringSplitOptions.None)[0];
}
