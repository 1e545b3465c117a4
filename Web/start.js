// The start page: links to both apps, in the chosen language.
import { wireLanguageButton } from "/lib/ui.js";

wireLanguageButton(document.getElementById("lang"), () => {});
