using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Management.Automation;

namespace DagRunner.Engine.Secrets
{
    /// <summary>
    /// Masks secrets in what nodes produce before it leaves the engine: output objects, stream records and errors.
    /// Returns the very same object when it holds no secret, and a masked copy when it does, so the common case
    /// costs a scan and no allocation.
    /// </summary>
    /// <remarks>
    /// Objects are searched the way DagRunner writes them: strings, note properties of [pscustomobject]s,
    /// dictionaries and lists (to <see cref="MaxDepth"/> levels). Any other object is written as its text, so its
    /// text is what is searched; an object whose text holds a secret is replaced by that text, masked.
    /// </remarks>
    internal static class MaskedValues
    {
        /// <summary>How deep nested output is searched; deeper levels are searched as text. <value>16 levels.</value></summary>
        public const int MaxDepth = 16;

        /// <summary><paramref name="value"/>, or a copy of it with every secret masked.</summary>
        public static object? Output(object? value, SecretMasker masker) => masker.IsEmpty ? value : Mask(value, masker, 0);

        /// <summary>A stream record (error, warning, verbose, debug, information) or output object, masked.</summary>
        public static object? Record(object? data, SecretMasker masker)
        {
            if (masker.IsEmpty)
            {
                return data;
            }

            switch (data)
            {
                case ErrorRecord error:
                    return Error(error, masker);
                case WarningRecord warning:
                    return masker.Contains(warning.Message) ? new WarningRecord(masker.Apply(warning.Message)) : warning;
                case VerboseRecord verbose:
                    return masker.Contains(verbose.Message) ? new VerboseRecord(masker.Apply(verbose.Message)) : verbose;
                case DebugRecord debug:
                    return masker.Contains(debug.Message) ? new DebugRecord(masker.Apply(debug.Message)) : debug;
                case InformationRecord info:
                    return Information(info, masker);
                default:
                    return Mask(data, masker, 0);
            }
        }

        /// <summary>A node's error (ErrorRecord, exception or text), masked.</summary>
        public static object? Error(object? error, SecretMasker masker)
        {
            if (masker.IsEmpty || error == null)
            {
                return error;
            }

            switch (error)
            {
                case ErrorRecord record:
                    return ErrorRecordMasked(record, masker);
                case Exception exception:
                    return masker.Contains(exception.ToString()) ? new MaskedErrorException(masker.Apply(exception.Message), null, null) : exception;
                case string text:
                    return masker.Apply(text);
                default:
                    return Mask(error, masker, 0);
            }
        }

        private static ErrorRecord ErrorRecordMasked(ErrorRecord record, SecretMasker masker)
        {
            var message = record.Exception?.Message ?? string.Empty;
            var details = record.ErrorDetails?.Message;
            var target = Text(record.TargetObject);
            bool exceptionLeaks = record.Exception != null && masker.Contains(record.Exception.ToString());
            if (!exceptionLeaks && !masker.Contains(details) && !masker.Contains(target) && !masker.Contains(record.FullyQualifiedErrorId)
                && !masker.Contains(record.CategoryInfo.Reason) && !masker.Contains(record.CategoryInfo.TargetName))
            {
                return record;
            }

            // The exception is replaced (its inner exceptions and stack go with it); where it was raised is kept.
            var exception = new MaskedErrorException(masker.Apply(message), record.InvocationInfo, (record.Exception as RemoteException)?.SerializedRemoteInvocationInfo);
            var masked = new ErrorRecord(exception, masker.Apply(record.FullyQualifiedErrorId), record.CategoryInfo.Category, target == null ? null : masker.Apply(target));
            if (details != null)
            {
                masked.ErrorDetails = new ErrorDetails(masker.Apply(details));
            }

            return masked;
        }

        private static InformationRecord Information(InformationRecord info, SecretMasker masker)
        {
            object? data = info.MessageData;
            object? maskedData;
            if (data is HostInformationMessage host)
            {
                maskedData = masker.Contains(host.Message)
                    ? new HostInformationMessage { Message = masker.Apply(host.Message), NoNewLine = host.NoNewLine, ForegroundColor = host.ForegroundColor, BackgroundColor = host.BackgroundColor }
                    : host;
            }
            else
            {
                maskedData = Mask(data, masker, 0);
            }

            if (ReferenceEquals(maskedData, data) && !masker.Contains(info.Source))
            {
                return info;
            }

            var masked = new InformationRecord(maskedData, masker.Apply(info.Source ?? string.Empty)) { TimeGenerated = info.TimeGenerated };
            foreach (var tag in info.Tags)
            {
                masked.Tags.Add(masker.Apply(tag));
            }

            return masked;
        }

        private static object? Mask(object? value, SecretMasker masker, int depth)
        {
            var inner = value is PSObject pso ? pso.BaseObject : value;
            switch (inner)
            {
                case null:
                    return value;
                case string s:
                    return masker.Contains(s) ? masker.Apply(s) : value;
                case System.Xml.XmlNode xml:
                    return masker.Contains(xml.OuterXml) ? masker.Apply(xml.OuterXml) : value;
                case PSCustomObject _ when value is PSObject custom && depth < MaxDepth:
                    return CustomObject(custom, masker, depth);
                case IDictionary dictionary when depth < MaxDepth:
                    return Dictionary(dictionary, masker, depth) ?? value;
                case IEnumerable items when !(inner is string) && depth < MaxDepth:
                    return List(items, masker, depth) ?? value;
                default:
                    var text = Text(value);
                    return masker.Contains(text) ? masker.Apply(text!) : value;
            }
        }

        private static object CustomObject(PSObject custom, SecretMasker masker, int depth)
        {
            var values = new List<(string Name, object? Value)>();
            bool changed = false;
            foreach (var property in custom.Properties)
            {
                if (!(property is PSNoteProperty note))
                {
                    continue; // a ScriptProperty getter would run script; DagRunner never writes one.
                }

                var masked = Mask(note.Value, masker, depth + 1);
                changed |= !ReferenceEquals(masked, note.Value) || masker.Contains(note.Name);
                values.Add((masker.Apply(note.Name), masked));
            }

            if (!changed)
            {
                return custom;
            }

            var copy = new PSObject();
            foreach (var (name, masked) in values)
            {
                copy.Properties.Add(new PSNoteProperty(name, masked));
            }

            return copy;
        }

        private static IDictionary? Dictionary(IDictionary dictionary, SecretMasker masker, int depth)
        {
            var entries = new List<(object Key, object? Value)>();
            bool changed = false;
            foreach (DictionaryEntry entry in dictionary)
            {
                var key = entry.Key is string k && masker.Contains(k) ? masker.Apply(k) : entry.Key;
                var masked = Mask(entry.Value, masker, depth + 1);
                changed |= !ReferenceEquals(key, entry.Key) || !ReferenceEquals(masked, entry.Value);
                entries.Add((key, masked));
            }

            if (!changed)
            {
                return null;
            }

            IDictionary copy = dictionary is Hashtable ? new Hashtable(StringComparer.OrdinalIgnoreCase) : new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in entries)
            {
                copy[key] = value;
            }

            return copy;
        }

        private static object?[]? List(IEnumerable items, SecretMasker masker, int depth)
        {
            var copy = new List<object?>();
            bool changed = false;
            foreach (var item in items)
            {
                var masked = Mask(item, masker, depth + 1);
                changed |= !ReferenceEquals(masked, item);
                copy.Add(masked);
            }

            return changed ? copy.ToArray() : null;
        }

        private static string? Text(object? value)
        {
            try
            {
                return (value is PSObject pso ? pso.BaseObject : value)?.ToString();
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
