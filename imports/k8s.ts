// The Kubernetes 1.27 API classes that cdk8s-plus-27 ships. `cdk8s import k8s` needs the internet;
// these are generated from the same 1.27 OpenAPI document, so charts import them from here.
export { k8s } from 'cdk8s-plus-27';
