using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace DagRunner.Engine.Tests.TestSupport
{
    /// <summary>
    /// Which namespaces of an assembly use which, read from its metadata and IL: base types, interfaces, field,
    /// method and property signatures, and every type, method and field a method body names. Nested and
    /// compiler-generated types (closures, async state machines) count for the type they sit in.
    /// </summary>
    internal sealed class EngineReferences
    {
        private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value);

        private readonly MetadataReader reader;
        private readonly PEReader pe;
        private readonly Dictionary<TypeDefinitionHandle, string> namespaces = new Dictionary<TypeDefinitionHandle, string>();

        private EngineReferences(PEReader pe)
        {
            this.pe = pe;
            reader = pe.GetMetadataReader();
        }

        /// <summary>Namespace → the namespaces of the same assembly it uses (itself excluded).</summary>
        public static Dictionary<string, HashSet<string>> NamespaceGraph(string assemblyPath, string prefix)
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            return new EngineReferences(pe).Build(prefix);
        }

        private Dictionary<string, HashSet<string>> Build(string prefix)
        {
            var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var handle in reader.TypeDefinitions)
            {
                var from = NamespaceOf(handle);
                if (!from.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!graph.TryGetValue(from, out var uses))
                {
                    graph[from] = uses = new HashSet<string>(StringComparer.Ordinal);
                }

                foreach (var used in TypesUsedBy(handle))
                {
                    var to = NamespaceOf(used);
                    if (to != from && to.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        uses.Add(to);
                    }
                }
            }

            return graph;
        }

        private string NamespaceOf(TypeDefinitionHandle handle)
        {
            if (namespaces.TryGetValue(handle, out var cached))
            {
                return cached;
            }

            var type = reader.GetTypeDefinition(handle);
            var declaring = type.GetDeclaringType();
            var ns = declaring.IsNil ? reader.GetString(type.Namespace) : NamespaceOf(declaring);
            namespaces[handle] = ns;
            return ns;
        }

        private IEnumerable<TypeDefinitionHandle> TypesUsedBy(TypeDefinitionHandle handle)
        {
            var found = new List<TypeDefinitionHandle>();
            var type = reader.GetTypeDefinition(handle);
            Add(type.BaseType, found);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                Add(reader.GetInterfaceImplementation(implementation).Interface, found);
            }

            foreach (var field in type.GetFields())
            {
                found.AddRange(reader.GetFieldDefinition(field).DecodeSignature(Types.Instance, null));
            }

            foreach (var property in type.GetProperties())
            {
                var signature = reader.GetPropertyDefinition(property).DecodeSignature(Types.Instance, null);
                found.AddRange(signature.ReturnType);
                found.AddRange(signature.ParameterTypes.SelectMany(p => p));
            }

            foreach (var method in type.GetMethods())
            {
                var definition = reader.GetMethodDefinition(method);
                var signature = definition.DecodeSignature(Types.Instance, null);
                found.AddRange(signature.ReturnType);
                found.AddRange(signature.ParameterTypes.SelectMany(p => p));
                if (definition.RelativeVirtualAddress != 0)
                {
                    found.AddRange(BodyReferences(pe.GetMethodBody(definition.RelativeVirtualAddress)));
                }
            }

            return found;
        }

        private IEnumerable<TypeDefinitionHandle> BodyReferences(MethodBodyBlock body)
        {
            var found = new List<TypeDefinitionHandle>();
            if (!body.LocalSignature.IsNil)
            {
                foreach (var local in reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(Types.Instance, null))
                {
                    found.AddRange(local);
                }
            }

            var il = body.GetILBytes() ?? System.Array.Empty<byte>();
            int i = 0;
            while (i < il.Length)
            {
                short value = il[i] == 0xFE ? (short)(0xFE00 | il[++i]) : il[i];
                i++;
                var opcode = OpCodesByValue[value];
                var operand = opcode.OperandType;
                switch (operand)
                {
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                        Add(MetadataTokens.EntityHandle(BitConverter.ToInt32(il, i)), found);
                        i += 4;
                        break;
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        i += 1;
                        break;
                    case OperandType.InlineVar:
                        i += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        i += 8;
                        break;
                    case OperandType.InlineSwitch:
                        i += 4 + (4 * BitConverter.ToInt32(il, i));
                        break;
                    default:
                        i += 4;
                        break;
                }
            }

            return found;
        }

        private void Add(EntityHandle handle, List<TypeDefinitionHandle> found)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    found.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    found.AddRange(reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(Types.Instance, null));
                    break;
                case HandleKind.MethodDefinition:
                    found.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    found.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Add(member.Parent, found);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        var signature = member.DecodeMethodSignature(Types.Instance, null);
                        found.AddRange(signature.ReturnType);
                        found.AddRange(signature.ParameterTypes.SelectMany(p => p));
                    }
                    else
                    {
                        found.AddRange(member.DecodeFieldSignature(Types.Instance, null));
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Add(specification.Method, found);
                    foreach (var argument in specification.DecodeSignature(Types.Instance, null))
                    {
                        found.AddRange(argument);
                    }

                    break;
            }
        }

        /// <summary>Decodes a signature into the assembly's own types it names (generic arguments included).</summary>
        private sealed class Types : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
        {
            public static readonly Types Instance = new Types();

            private static readonly ImmutableArray<TypeDefinitionHandle> None = ImmutableArray<TypeDefinitionHandle>.Empty;

            public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

            public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

            public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) => None;

            public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments)
                => genericType.AddRange(typeArguments.SelectMany(a => a));

            public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => None;

            public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => None;

            public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) => unmodifiedType;

            public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

            public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

            public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;

            public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

            public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => ImmutableArray.Create(handle);

            public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => None;

            public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
                => reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        }
    }
}
