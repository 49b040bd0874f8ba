using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Workflow.Access;

namespace Workflow.FunctionsTests;

/// <summary>
/// One invocation of an HTTP function as the worker's pipeline sees it, without the Functions host: the function's name,
/// the request's <see cref="HttpContext"/> where the ASP.NET Core integration leaves it, and an invocation result. Its
/// services record what the pipeline asks for; the worker's own execution middleware (which would bind and run the
/// function) marks the function as reached and stops the invocation there.
/// </summary>
internal sealed class ProbeContext : FunctionContext
{
    private static readonly string HttpContextKey = HttpContextItemKey();
    private readonly Bindings _bindings;

    public ProbeContext(string functionName, IServiceProvider services, string? key)
    {
        FunctionDefinition = new Definition(functionName);
        Http = new DefaultHttpContext { RequestServices = services };
        Http.Request.Method = HttpMethods.Get;
        Http.Request.Scheme = "https";
        Http.Request.Host = new HostString("func-workflow.example.net");
        Http.Request.Path = "/api/probe";
        Http.Response.Body = new MemoryStream();
        if (key is not null)
        {
            Http.Request.Headers[Authenticator.KeyHeader] = key;
        }

        Items = new Dictionary<object, object> { [HttpContextKey] = Http };
        InstanceServices = new Recorder(services, this);
        _bindings = Bindings.Create();
        Features = new FeatureSet(_bindings);
    }

    public DefaultHttpContext Http { get; }

    /// <summary>Service types the pipeline resolved, in order (each middleware resolves itself when it runs).</summary>
    public List<Type> Requested { get; } = [];

    public bool ReachedFunction => FirstExecutionService is not null;

    /// <summary>The worker's first own middleware after the app's: output bindings, then the function's execution.</summary>
    public Type? FirstExecutionService { get; private set; }

    public override string InvocationId { get; } = Guid.NewGuid().ToString("N");

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext => throw new NotSupportedException();

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; }

    public override IInvocationFeatures Features { get; }

    public override CancellationToken CancellationToken => CancellationToken.None;

    public async Task RunAsync(FunctionExecutionDelegate pipeline)
    {
        try
        {
            await pipeline(this);
        }
        catch (FunctionReachedException)
        {
            // The function would run now: far enough.
        }
    }

    /// <summary>The status the invocation's result (set by a middleware instead of the function) writes.</summary>
    public async Task<int> StatusOfResultAsync()
    {
        var result = Assert.IsAssignableFrom<IActionResult>(_bindings.InvocationResult);
        await result.ExecuteResultAsync(new ActionContext(Http, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        return Http.Response.StatusCode;
    }

    /// <summary>Where the Functions ASP.NET Core integration puts the request (its internal <c>Constants.HttpContextKey</c>).</summary>
    private static string HttpContextItemKey()
    {
        var constants = typeof(FunctionContextExtensions).Assembly.GetType("Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore.Constants", throwOnError: true)!;
        return (string)constants.GetField("HttpContextKey", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
    }

    private sealed class FunctionReachedException : Exception
    {
    }

    private sealed class Recorder(IServiceProvider inner, ProbeContext probe) : IServiceProvider
    {
        public object? GetService(Type serviceType)
        {
            probe.Requested.Add(serviceType);
            if (serviceType.Namespace?.StartsWith("Microsoft.Azure.Functions.Worker", StringComparison.Ordinal) == true
                && serviceType.Name is "OutputBindingsMiddleware" or "FunctionExecutionMiddleware")
            {
                probe.FirstExecutionService = serviceType;
                throw new FunctionReachedException();
            }

            return inner.GetService(serviceType);
        }
    }

    private sealed class Definition(string name) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => typeof(Definition).Assembly.Location;

        public override string EntryPoint => "Probe." + name;

        public override string Id { get; } = Guid.NewGuid().ToString("N");

        public override string Name => name;

        // No trigger binding: the integration's HTTP proxying middleware passes the invocation on as it is, with the
        // HttpContext this probe put where that middleware would put it.
        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    /// <summary>The worker's (internal) bindings feature, which holds the invocation result a middleware sets.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1852", Justification = "DispatchProxy derives its proxy from this class.")]
    public class Bindings : DispatchProxy
    {
        public static readonly Type FeatureType = typeof(FunctionContext).Assembly
            .GetType("Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature", throwOnError: true)!;

        public object? InvocationResult { get; private set; }

        public static Bindings Create() => (Bindings)Create(FeatureType, typeof(Bindings));

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case "get_InvocationResult":
                    return InvocationResult;
                case "set_InvocationResult":
                    InvocationResult = args![0];
                    return null;
                case "get_OutputBindingData":
                    return new Dictionary<string, object?>();
                case "get_InputData" or "get_TriggerMetadata":
                    return new Dictionary<string, object?>();
                default:
                    throw new NotSupportedException(targetMethod?.Name);
            }
        }
    }

    private sealed class FeatureSet(Bindings bindings) : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = new() { [Bindings.FeatureType] = bindings };

        public void Set<T>(T instance) => _features[typeof(T)] = instance!;

        public T? Get<T>() => _features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
