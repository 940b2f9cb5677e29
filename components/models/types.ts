// Plain view models for the model registry pages (mirror lib/domain/mlmodel's ModelDetails).
export interface SignatureColumnView {
  name?: string;
  type: string;
  required: boolean;
  typeLabel: string;
}
export interface ModelDetailsView {
  flavors: string[];
  parseError?: string;
  signature?: {
    inputs: SignatureColumnView[];
    outputs: SignatureColumnView[];
    params?: { name: string; typeLabel: string; default: unknown }[];
  };
  inputExample?: { table?: { columns: string[]; rows: unknown[][] } };
}
