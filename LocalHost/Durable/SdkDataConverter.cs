using CoreDataConverter = DurableTask.Core.Serializing.DataConverter;
using SdkConverter = Microsoft.DurableTask.DataConverter;

namespace Workflow.LocalHost.Durable;

/// <summary>
/// Lets DurableTask.Core's <c>TaskHubClient</c> serialize with the SDK's JSON converter, so inputs,
/// events, outputs and custom status are the same plain JSON the SDK shims read and write (the
/// Core default adds <c>$type</c> names). The SDK's own wrapper of this kind is internal.
/// </summary>
internal sealed class SdkDataConverter(SdkConverter inner) : CoreDataConverter
{
    public override string Serialize(object value) => inner.Serialize(value)!;

    public override string Serialize(object value, bool formatted) => Serialize(value);

    public override object Deserialize(string data, Type objectType) => inner.Deserialize(data, objectType)!;
}
