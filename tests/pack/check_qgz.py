"""Opens a pack's QGIS project headless (PyQGIS) and checks it: every layer valid, in the
project's CRS, inside the expected extent, styled as written, and a rendering that is not blank.
Usage: check_qgz.py PACK_FOLDER XMIN YMIN XMAX YMAX [PNG]   (exit 0 ok, 1 failed)"""
import sys

from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsProject,
                       QgsRectangle, QgsRasterLayer, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

folder, box = sys.argv[1], [float(v) for v in sys.argv[2:6]]
png = sys.argv[6] if len(sys.argv) > 6 else None
app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
failures = []
if not project.read(folder + "/pack.qgz"):
    print("FAIL: QGIS cannot read the project:", project.error())
    sys.exit(1)
layers = list(project.mapLayers().values())
if not layers:
    failures.append("the project has no layers")
if project.crs().authid() != "EPSG:27700":
    failures.append("project CRS is %s" % project.crs().authid())
expected = QgsRectangle(*box)
for layer in layers:
    name = layer.name()
    if not layer.isValid():
        failures.append("%s: not valid (%s)" % (name, layer.source()))
        continue
    if layer.crs().authid() != "EPSG:27700":
        failures.append("%s: CRS %s" % (name, layer.crs().authid()))
    e = layer.extent()
    if not e.isEmpty() and not expected.contains(e):
        failures.append("%s: extent %s outside %s" % (name, e.toString(0), expected.toString(0)))
    if isinstance(layer, QgsVectorLayer):
        renderer = layer.renderer().type() if layer.renderer() else None
        if renderer is None:
            failures.append("%s: no renderer" % name)
        print("%-40s vector %6d features, renderer %s" % (name, layer.featureCount(), renderer))
    elif isinstance(layer, QgsRasterLayer):
        print("%-40s raster %d x %d, renderer %s" % (name, layer.width(), layer.height(), layer.renderer().type()))
        if layer.renderer().type() != "singlebandpseudocolor":
            failures.append("%s: raster style not applied (%s)" % (name, layer.renderer().type()))
root = project.layerTreeRoot()
groups = [g.name() for g in root.children()]
print("groups:", ", ".join(groups))
if len(groups) < 2:
    failures.append("expected a group per theme and the areas, got %s" % groups)

settings = QgsMapSettings()
shown = [n.layer() for n in root.findLayers() if n.isVisible()]  # top first
print("shown:", ", ".join(l.name() for l in shown))
if not shown:
    failures.append("no layer is ticked")
settings.setLayers(shown)
settings.setDestinationCrs(project.crs())
settings.setExtent(expected)
settings.setOutputSize(QSize(800, 600))
settings.setBackgroundColor(QColor(255, 255, 255))
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
if png:
    image.save(png)
coloured = 0
for x in range(0, image.width(), 4):
    for y in range(0, image.height(), 4):
        c = QColor(image.pixel(x, y))
        if (c.red(), c.green(), c.blue()) != (255, 255, 255):
            coloured += 1
print("rendered: %d of %d sampled pixels drawn" % (coloured, (image.width() // 4) * (image.height() // 4)))
if coloured < 100:
    failures.append("the rendering is blank")
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
