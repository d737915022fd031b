import "./heap-tuning"; // first: before anything big is allocated
import "reflect-metadata";
import { exitOnStartupError, serve } from "./serve";

serve().catch(exitOnStartupError);
