namespace DagRunner.Engine.Validation
{
    /// <summary>
    /// The stable ids of every workflow problem. An id never changes meaning once released;
    /// the ErrorRecord written for a diagnostic uses the id as its FullyQualifiedErrorId prefix.
    /// </summary>
    internal static class DiagnosticIds
    {
        /// <summary>The file is not valid YAML (or JSON).</summary>
        public const string YamlSyntax = "DAG0001";

        /// <summary>A key that DagRunner does not know; the message names the nearest valid key.</summary>
        public const string UnknownKey = "DAG0002";

        /// <summary>A <c>needs</c> entry names no node; the message names the nearest existing id.</summary>
        public const string UnknownNeedsTarget = "DAG0003";

        /// <summary>The same key twice in one mapping (two nodes with one id, or a key repeated in a node).</summary>
        public const string DuplicateKey = "DAG0004";

        /// <summary>Nodes that need each other in a circle, printed as <c>a -> b -> c -> a</c>.</summary>
        public const string Cycle = "DAG0005";

        /// <summary>A node has both <c>run</c> and <c>file</c>, or neither.</summary>
        public const string RunOrFile = "DAG0006";

        /// <summary>A <c>file</c> that does not exist (relative paths resolve against the workflow file's folder).</summary>
        public const string ScriptFileNotFound = "DAG0007";

        /// <summary>A duration that is not like <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h30m</c>.</summary>
        public const string BadDuration = "DAG0008";

        /// <summary>A <c>parallelism</c> that is not a positive integer or low, medium, high, unlimited.</summary>
        public const string BadParallelism = "DAG0009";

        /// <summary>A <c>mode</c> that is not sequential, parallel or adaptive.</summary>
        public const string BadMode = "DAG0010";

        /// <summary>A value of the wrong shape: a list where a mapping belongs, a mapping where a string belongs, ...</summary>
        public const string WrongType = "DAG0011";

        /// <summary>A <c>when</c> that is not success, notFailed, failure or always.</summary>
        public const string BadWhen = "DAG0012";

        /// <summary>A node id with characters other than letters, digits, <c>_</c> and <c>-</c>.</summary>
        public const string BadNodeId = "DAG0013";

        /// <summary>A PowerShell syntax error in <c>run</c>, <c>if</c>, <c>fallback</c>, an expression <c>foreach</c> or a foreach <c>key</c>.</summary>
        public const string ScriptSyntax = "DAG0014";

        /// <summary>The workflow has no nodes.</summary>
        public const string NoNodes = "DAG0015";

        /// <summary>A value that should be an integer or a boolean and is not, or is out of range.</summary>
        public const string BadValue = "DAG0016";

        /// <summary>A node's <c>pool</c> names no entry of the top-level <c>pools</c>.</summary>
        public const string UnknownPool = "DAG0017";

        /// <summary>A <c>retry</c> or <c>backoff</c> setting that is out of range or unknown.</summary>
        public const string BadRetry = "DAG0018";

        /// <summary>A required key is missing (for example <c>nodes</c>).</summary>
        public const string MissingKey = "DAG0019";

        /// <summary>The workflow file itself cannot be read: it does not exist, is a folder, or access is denied.</summary>
        public const string WorkflowFileUnreadable = "DAG0020";

        /// <summary>A node's <c>on</c> names no entry of the top-level <c>hosts</c>; the message names the nearest host.</summary>
        public const string UnknownHost = "DAG0021";

        /// <summary>A <c>hosts</c> entry that cannot be connected to as written: neither or both of <c>hostName</c> and <c>computerName</c>, or a key of the other transport.</summary>
        public const string BadHost = "DAG0022";

        /// <summary>An <c>invalidates</c> entry names no node; the message names the nearest existing id.</summary>
        public const string UnknownInvalidatesTarget = "DAG0023";

        /// <summary>A script reads <c>$Needs.x</c> (or <c>$Needs['x']</c>, <c>$Needs.'x'</c>) where x is not in that node's <c>needs</c>: it would be <c>$null</c> at run time.</summary>
        public const string UnknownNeedsReference = "DAG0024";

        /// <summary>A <c>modules:</c> entry that cannot be imported as written: not a name, a path or <c>{ name, version }</c>, or a module file that does not exist.</summary>
        public const string BadModule = "DAG0025";

        /// <summary>A <c>setup:</c> that is not script text, <c>{ run: ... }</c> or <c>{ file: ... }</c>, or whose file does not exist.</summary>
        public const string BadSetup = "DAG0026";

        /// <summary>A node's <c>on: { any: &lt;group&gt; }</c> names no entry of the top-level <c>groups</c>; the message names the nearest group.</summary>
        public const string UnknownHostGroup = "DAG0027";

        /// <summary>A <c>groups</c> entry that cannot be used: not a list of host names, empty, naming a host that is not in <c>hosts</c>, or naming one twice.</summary>
        public const string BadHostGroup = "DAG0028";

        /// <summary>An <c>on</c> mapping that is not exactly <c>{ any: &lt;group&gt; }</c> (another key, or a value that is not one group's name).</summary>
        public const string BadOnAny = "DAG0029";

        /// <summary><c>transfer: true</c> on a node that runs here (no <c>on</c>), or that has neither <c>inputs</c> nor <c>outputs</c>.</summary>
        public const string BadTransfer = "DAG0033";

        /// <summary>Aliases (<c>*name</c>) would expand the document beyond the limit: a "billion laughs" YAML bomb, refused before anything walks it.</summary>
        public const string AliasExpansionTooLarge = "DAG0030";

        /// <summary>Lists and mappings nested deeper than the limit (100 levels).</summary>
        public const string NestingTooDeep = "DAG0031";

        /// <summary>The workflow file is larger than the limit (8 MiB); it is refused before it is read.</summary>
        public const string WorkflowFileTooLarge = "DAG0032";

        // DAG0040-DAG0044: secrets. Taken from the high end so ids added meanwhile by other work do not collide.

        /// <summary>A <c>secrets:</c> entry that is not <c>name: env:VARIABLE</c>, <c>name: vault:SecretName</c> or <c>name: param</c>, or whose name is not a plain variable name.</summary>
        public const string BadSecret = "DAG0040";

        /// <summary>A secret has the name of an entry of <c>variables:</c>; one name can hold one value.</summary>
        public const string SecretShadowsVariable = "DAG0041";

        /// <summary>A secret has no value when the run starts (the environment variable is not set, the vault or its secret is missing, <c>-Secrets</c> lacks it); no node starts. The message names the secret and its source, never a value.</summary>
        public const string SecretNotFound = "DAG0042";

        /// <summary>A secret's value is shorter than the shortest value DagRunner masks (4 characters); no node starts.</summary>
        public const string SecretTooShort = "DAG0043";

        /// <summary>A <c>-Secrets</c> entry names no secret of the workflow's <c>secrets:</c>.</summary>
        public const string UnknownSecret = "DAG0044";

        /// <summary>A node's <c>run</c> (or its file) reads <c>$_</c> where nothing gives it a value: it is always <c>$null</c> there; a foreach item is <c>$Item</c>.</summary>
        public const string LoosePipelineVariable = "DAG0045";

        /// <summary>A warning: nodes that may run at the same time set (or read) the same <c>$env:</c> variable, which is one per process.</summary>
        public const string SharedEnvironmentVariable = "DAG0046";
    }
}
