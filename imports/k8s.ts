// The Kubernetes 1.27 API classes that cdk8s-plus-27 ships. `cdk8s import k8s` needs the internet;
// these are generated from the same 1.27 OpenAPI document, so charts import them from here. Only the
// generated module is loaded, not the cdk8s-plus constructs around it, which no chart uses.
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s.js';

export { k8s };
